// SwiftPM needs a source file in a C target; everything used lives in <zstd.h>.
#include "CZstd.h"
