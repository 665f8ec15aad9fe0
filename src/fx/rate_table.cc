#include "levers/fx.h"
