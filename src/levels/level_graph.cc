#include "levers/levels.h"
