// Snappy (Debian: libsnappy-dev), through its C interface: the default codec of Parquet files.
#include <snappy-c.h>
