/* SHA-256 for the audit chain (OpenSSL's libcrypto: a kept, reviewed implementation). */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"

/* Feed "LENGTH:BYTES\n": length-prefixed, so field boundaries cannot be shifted. */
static void feed(EVP_MD_CTX *ctx, const char *s)
{
	if (!s)
		s = "";
	char len[24];
	int n = snprintf(len, sizeof len, "%zu:", strlen(s));
	EVP_DigestUpdate(ctx, len, (size_t)n);
	EVP_DigestUpdate(ctx, s, strlen(s));
	EVP_DigestUpdate(ctx, "\n", 1);
}

void chain_hash_entry(const char *prev_hash, const char *at, const char *operator,
		    const char *account, const char *kind, const char *detail,
		    char out[CHAIN_HASH_HEX])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
		/* Only out of memory gets here; like xmalloc, there is no sane recovery. */
		fputs("sopdeck: out of memory (SHA-256)\n", stderr);
		abort();
	}
	feed(ctx, prev_hash);
	feed(ctx, at);
	feed(ctx, operator);
	feed(ctx, account);
	feed(ctx, kind);
	feed(ctx, detail);
	EVP_DigestFinal_ex(ctx, md, &md_len);
	EVP_MD_CTX_free(ctx);
	static const char hex[] = "0123456789abcdef";
	for (unsigned int i = 0; i < md_len && i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}
