#include "CAcervoShims.h"
