#ifndef FERRY_CZLIB_SHIM_H
#define FERRY_CZLIB_SHIM_H

#include <zlib.h>

// zlib's init entry points are macros that pass ZLIB_VERSION and sizeof(z_stream) for an ABI check;
// Swift cannot import function-like macros, so these typed shims expand them on the C side.

/// deflateInit2 with the given window bits (15 + 16 selects a gzip wrapper, RFC 1952).
static inline int ferry_deflateInit2(z_streamp strm, int level, int method, int windowBits,
                                     int memLevel, int strategy) {
    return deflateInit2(strm, level, method, windowBits, memLevel, strategy);
}

/// inflateInit2 with the given window bits (15 + 32 detects a zlib or gzip wrapper).
static inline int ferry_inflateInit2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}

#endif
