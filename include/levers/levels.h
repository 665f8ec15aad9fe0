// Placeholder: the level map graph (written by the levels work).
#ifndef LEVERS_LEVELS_H_
#define LEVERS_LEVELS_H_
#endif  // LEVERS_LEVELS_H_
