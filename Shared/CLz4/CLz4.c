// SwiftPM needs a source file in a C target; everything used lives in <lz4.h>.
#include "CLz4.h"
