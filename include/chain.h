/* The audit log's hash chain: one pure function, shared by the writer (db.c) and the checker (audit.c). */
#ifndef SOPDECK_CHAIN_H
#define SOPDECK_CHAIN_H

/* 64 hex digits of SHA-256 and a NUL. */
#define CHAIN_HASH_HEX 65

/*
 * The hash of one audit entry: SHA-256 over its predecessor's hash ("" for the
 * first entry) and its fields, each written as "LENGTH:BYTES\n" so that no two
 * different entries give the same input. out gets lower-case hex.
 */
void chain_hash_entry(const char *prev_hash, const char *at, const char *operator,
		    const char *account, const char *kind, const char *detail,
		    char out[CHAIN_HASH_HEX]);

/*
 * Load libcrypto and set up SHA-256 now rather than on the first hash: the
 * console calls it after its first frame, so the first tick does not pay the
 * 8 million instructions of dlopen and OpenSSL's first digest.
 */
void chain_load(void);

#endif
