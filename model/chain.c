/* SHA-256 for the audit chain (OpenSSL's libcrypto: a kept, reviewed implementation).
 *
 * libcrypto is opened with dlopen on the first hash, not linked: loading and relocating it
 * costs 5-9 ms of every process start (measured with perf stat: an empty program linked
 * with -lcrypto vs without), and only a change (an audited write) or `log --verify` hashes.
 * Read-only commands and the console's first frame no longer pay for it. */
#include <dlfcn.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"

/* The six EVP calls used, found once by name in the library that dlopen gives back. */
static struct {
	EVP_MD_CTX *(*ctx_new)(void);
	void (*ctx_free)(EVP_MD_CTX *);
	const EVP_MD *(*sha256)(void);
	int (*init)(EVP_MD_CTX *, const EVP_MD *, ENGINE *);
	int (*update)(EVP_MD_CTX *, const void *, size_t);
	int (*final)(EVP_MD_CTX *, unsigned char *, unsigned int *);
} evp;

static void die(const char *what)
{
	/* Like xmalloc: without the hash no change can be audited, so none is made. */
	fprintf(stderr, "sopdeck: %s (SHA-256 for the audit log needs libcrypto: "
		"apt-get install libssl3)\n", what);
	abort();
}

static void *sym(void *lib, const char *name)
{
	void *p = dlsym(lib, name);
	if (!p)
		die(dlerror());
	return p;
}

static void evp_load(void)
{
	if (evp.ctx_new)
		return;
	/* The soname the build's headers belong to: OpenSSL 3 (libssl-dev on Debian 12). */
	void *lib = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL);
	if (!lib)
		die(dlerror());
	/* Through a union: ISO C has no cast from void * to a function pointer. */
	union { void *p; EVP_MD_CTX *(*f)(void); } a = { sym(lib, "EVP_MD_CTX_new") };
	union { void *p; void (*f)(EVP_MD_CTX *); } b = { sym(lib, "EVP_MD_CTX_free") };
	union { void *p; const EVP_MD *(*f)(void); } c = { sym(lib, "EVP_sha256") };
	union { void *p; int (*f)(EVP_MD_CTX *, const EVP_MD *, ENGINE *); } d = {
		sym(lib, "EVP_DigestInit_ex") };
	union { void *p; int (*f)(EVP_MD_CTX *, const void *, size_t); } e = {
		sym(lib, "EVP_DigestUpdate") };
	union { void *p; int (*f)(EVP_MD_CTX *, unsigned char *, unsigned int *); } f = {
		sym(lib, "EVP_DigestFinal_ex") };
	evp.ctx_free = b.f;
	evp.sha256 = c.f;
	evp.init = d.f;
	evp.update = e.f;
	evp.final = f.f;
	evp.ctx_new = a.f; /* last: it marks the table complete */
}

/* Feed "LENGTH:BYTES\n": length-prefixed, so field boundaries cannot be shifted. */
static void feed(EVP_MD_CTX *ctx, const char *s)
{
	if (!s)
		s = "";
	char len[24];
	int n = snprintf(len, sizeof len, "%zu:", strlen(s));
	evp.update(ctx, len, (size_t)n);
	evp.update(ctx, s, strlen(s));
	evp.update(ctx, "\n", 1);
}

void chain_hash_entry(const char *prev_hash, const char *at, const char *operator,
		    const char *account, const char *kind, const char *detail,
		    char out[CHAIN_HASH_HEX])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	evp_load();
	EVP_MD_CTX *ctx = evp.ctx_new();
	if (!ctx || !evp.init(ctx, evp.sha256(), NULL))
		die("out of memory");
	feed(ctx, prev_hash);
	feed(ctx, at);
	feed(ctx, operator);
	feed(ctx, account);
	feed(ctx, kind);
	feed(ctx, detail);
	evp.final(ctx, md, &md_len);
	evp.ctx_free(ctx);
	static const char hex[] = "0123456789abcdef";
	for (unsigned int i = 0; i < md_len && i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}

void chain_load(void)
{
	char out[CHAIN_HASH_HEX];
	/* A whole hash, as OpenSSL sets its providers up on the first digest, not at dlopen. */
	chain_hash_entry("", "", "", "", "", "", out);
}
