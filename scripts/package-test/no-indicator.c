/* An LD_PRELOAD shim for the package test: dlopen refuses the tray's indicator
 * libraries (as on a desktop without them installed) and loads everything else. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

void *dlopen(const char *file, int mode) {
  static void *(*real_dlopen)(const char *, int);
  if (!real_dlopen) real_dlopen = (void *(*)(const char *, int))dlsym(RTLD_NEXT, "dlopen");
  if (file && strstr(file, "appindicator")) {
    fprintf(stderr, "no-indicator shim: refused dlopen(\"%s\")\n", file);
    return NULL;
  }
  return real_dlopen(file, mode);
}
