// Placeholder: the ECB rate table (written by the fx work).
#ifndef LEVERS_FX_H_
#define LEVERS_FX_H_
#endif  // LEVERS_FX_H_
