// Placeholder until the HTTP client lands; see Sources/DirSyncSCIM/HTTP.
#include <curl/curl.h>
