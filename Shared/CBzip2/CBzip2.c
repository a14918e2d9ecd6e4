// SwiftPM needs a source file in a C target; everything used lives in <bzlib.h>.
#include "CBzip2.h"
