/*
 * Executable memory, W^X: a mapping is writable or executable, never both.
 *
 * Each compiled function gets its own mapping. That wastes up to a page per
 * function, but it means a mapping never has to become writable again while
 * another thread might be running code in it, and unmapping when a code object
 * dies cannot affect any other function.
 */
#include "pyjc.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int pyjc_code_install(const void *bytes, size_t len, pyjc_code_region *out,
                      char *err, size_t errlen)
{
    out->base = NULL;
    out->size = 0;
    if (len == 0) {
        snprintf(err, errlen, "empty machine code");
        return -1;
    }
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t size = (len + page - 1) & ~(page - 1);
    void *base = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) {
        snprintf(err, errlen, "mmap: %s", strerror(errno));
        return -1;
    }
    memcpy(base, bytes, len);
    if (mprotect(base, size, PROT_READ | PROT_EXEC) != 0) {
        snprintf(err, errlen, "mprotect: %s", strerror(errno));
        munmap(base, size);
        return -1;
    }
    /* x86-64 keeps instruction and data caches coherent; on other targets
     * (the later arm64 build) this is where the icache must be flushed. */
    __builtin___clear_cache((char *)base, (char *)base + len);
    out->base = base;
    out->size = size;
    return 0;
}

void pyjc_code_release(pyjc_code_region *region)
{
    if (region->base != NULL) {
        munmap(region->base, region->size);
    }
    region->base = NULL;
    region->size = 0;
}
