// libyaml (Debian's libyaml-dev) for YAML documents: the event parser only; the tree is built in Swift (YAML module).
#ifndef CYAML_H
#define CYAML_H

#define YAML_DECLARE_STATIC
#include <yaml.h>

#endif
