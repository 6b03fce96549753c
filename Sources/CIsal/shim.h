// Intel ISA-L (Debian: libisal-dev): inflate several times faster than zlib, and CRC-32 with
// carry-less multiplication.
#include <isa-l/igzip_lib.h>
#include <isa-l/crc.h>
