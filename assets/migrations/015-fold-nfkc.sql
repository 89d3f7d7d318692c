-- sopdeck schema: the search index re-read with the new fold (issue 15). text_fold is now
-- ICU's NFKC_Casefold (model/text-fold.c) instead of full-width to half-width and ASCII
-- lower case, so the tokenizer sopdeck_char makes other tokens from the same text (① is
-- 1, ㊙ is 秘, ﾃ is テ, É is é). The index must hold what a query now folds to, and the
-- delete triggers must remove what was indexed: rebuild it from content, in this
-- migration's transaction.
INSERT INTO content_fts(content_fts) VALUES ('rebuild');
