#ifndef DIRSYNC_CLDAP_SHIM_H
#define DIRSYNC_CLDAP_SHIM_H
#include <lber.h>
#include <ldap.h>
#endif
