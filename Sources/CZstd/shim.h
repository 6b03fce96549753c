// Zstandard (Debian: libzstd-dev): Parquet's ZSTD codec, smaller files than Snappy.
#include <zstd.h>
