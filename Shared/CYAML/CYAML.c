// SwiftPM needs a source file in a C target; everything used lives in <yaml.h>.
#include "CYAML.h"
