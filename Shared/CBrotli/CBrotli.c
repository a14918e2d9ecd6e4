// SwiftPM needs a source file in a C target; everything used lives in <brotli/decode.h>.
#include "CBrotli.h"
