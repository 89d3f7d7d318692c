/* The CSV reader: quoting, escapes, embedded newlines, CRLF, BOM, GB18030, errors with lines. */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <unistd.h>

#include "testutil.h"
#include "calendar.h"
#include "content.h"
#include "csv.h"
#include "group.h"
#include "playbook.h"
#include "text.h"

/* Read every record of data into a "a|b|c;" string with each record's start line. */
static char *read_all(const char *data, size_t len, const char **encoding, char **cause)
{
	struct csv *csv;
	if (csv_open_mem(data, len, "t.csv", &csv, cause) < 0)
		return NULL;
	struct buf out = {0};
	struct csv_record rec;
	int r;
	while ((r = csv_next(csv, &rec, cause)) > 0) {
		buf_addf(&out, "%ld:", rec.line);
		for (size_t i = 0; i < rec.n; i++)
			buf_addf(&out, "%s%s", i ? "|" : "", rec.fields[i]);
		buf_adds(&out, ";");
	}
	if (encoding)
		*encoding = csv_encoding(csv);
	csv_close(csv);
	if (r < 0) {
		buf_free(&out);
		return NULL;
	}
	buf_str(&out);
	return out.data;
}

static void expect(const char *data, const char *want)
{
	char *cause = NULL;
	char *got = read_all(data, strlen(data), NULL, &cause);
	if (!got)
		fail_msg("unexpected error: %s", cause);
	assert_string_equal(got, want);
	free(got);
}

static void plain_and_quoted(void **state)
{
	(void)state;
	expect("a,b,c\n1,2,3\n", "1:a|b|c;2:1|2|3;");
	expect("a,b\n1,2", "1:a|b;2:1|2;"); /* no final newline */
	expect("\"x,y\",\"say \"\"hi\"\"\",z\n", "1:x,y|say \"hi\"|z;");
	expect("\"\",,\"\"\n", "1:||;");
	expect("a,\"\"\"\"\n", "1:a|\";");
}

static void embedded_newlines_count_lines(void **state)
{
	(void)state;
	expect("name,body\n群1,\"第一行\n第二行\"\n群2,x\n", "1:name|body;2:群1|第一行\n第二行;4:群2|x;");
}

static void crlf_and_blank_lines(void **state)
{
	(void)state;
	expect("a,b\r\n1,2\r\n\r\n3,4\r\n", "1:a|b;2:1|2;4:3|4;");
	expect("\n\na\n\n\nb\n\n", "3:a;6:b;");
	/* CRLF inside quotes is data. */
	expect("\"x\r\ny\",z\r\n", "1:x\r\ny|z;");
}

static void bom_is_skipped(void **state)
{
	(void)state;
	const char *enc;
	char *cause = NULL;
	const char data[] = "\xEF\xBB\xBF群名,平台\n早安群,wecom\n";
	char *got = read_all(data, strlen(data), &enc, &cause);
	assert_non_null(got);
	assert_string_equal(got, "1:群名|平台;2:早安群|wecom;");
	assert_string_equal(enc, "UTF-8 (BOM)");
	free(got);
	got = read_all("a\n", 2, &enc, &cause);
	assert_string_equal(enc, "UTF-8");
	free(got);
}

/* Convert UTF-8 text to GBK bytes the way a Chinese Windows export would have them. */
static char *to_gbk(const char *utf8, size_t *len)
{
	iconv_t cd = iconv_open("GBK", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	size_t in_left = strlen(utf8), out_cap = in_left * 2 + 4, out_left = out_cap;
	char *out = xmalloc(out_cap), *in = (char *)utf8, *o = out;
	assert_true(iconv(cd, &in, &in_left, &o, &out_left) != (size_t)-1);
	iconv_close(cd);
	*len = out_cap - out_left;
	return out;
}

static void gb18030_is_converted(void **state)
{
	(void)state;
	const char *utf8 = "群名,群成员数,备注\r\n宝妈育儿交流群,\"1,234\",\"含，全角逗号\"\r\n";
	size_t len;
	char *gbk = to_gbk(utf8, &len);
	assert_false(utf8_valid(gbk, len)); /* the test really feeds non-UTF-8 bytes */
	const char *enc;
	char *cause = NULL;
	char *got = read_all(gbk, len, &enc, &cause);
	if (!got)
		fail_msg("GBK input: %s", cause);
	assert_string_equal(enc, "GB18030");
	assert_string_equal(got, "1:群名|群成员数|备注;2:宝妈育儿交流群|1,234|含，全角逗号;");
	free(got);

	/* The same through a file (csv_open reads in chunks). */
	char path[] = "/tmp/sopdeck-csv-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, gbk, len), (ssize_t)len);
	close(fd);
	struct csv *csv;
	struct csv_record rec;
	assert_int_equal(csv_open(path, &csv, &cause), 0);
	assert_int_equal(csv_next(csv, &rec, &cause), 1);
	const char *const names[] = {"群成员数", NULL};
	assert_int_equal(csv_find_column(&rec, names), 1);
	assert_int_equal(csv_next(csv, &rec, &cause), 1);
	assert_string_equal(rec.fields[0], "宝妈育儿交流群");
	assert_int_equal(csv_next(csv, &rec, &cause), 0);
	csv_close(csv);
	unlink(path);
	free(gbk);
}

/* Records across the 64 KiB read chunks, with multibyte characters cut at the boundaries. */
static void input_larger_than_a_chunk(void **state)
{
	(void)state;
	struct buf in = {0};
	for (int i = 0; i < 6000; i++)
		buf_addf(&in, "群%04d,\"第%d行\n续\",x\r\n", i, i);
	const char *enc;
	char *cause = NULL;
	for (int pass = 0; pass < 2; pass++) {
		struct buf src = {0};
		if (pass == 0) {
			buf_add(&src, in.data, in.len);
		} else {
			/* The same in GBK: two-byte characters cut at the chunk ends. */
			size_t len;
			char *gbk = to_gbk(in.data, &len);
			buf_add(&src, gbk, len);
			free(gbk);
		}
		struct csv *csv;
		assert_int_equal(csv_open_mem(src.data, src.len, "big.csv", &csv, &cause), 0);
		struct csv_record rec;
		int n = 0, r;
		while ((r = csv_next(csv, &rec, &cause)) > 0) {
			char want[32];
			snprintf(want, sizeof want, "群%04d", n);
			assert_string_equal(rec.fields[0], want);
			assert_int_equal(rec.n, 3);
			assert_int_equal(rec.line, 2 * n + 1);
			n++;
		}
		if (r < 0)
			fail_msg("%s", cause);
		enc = csv_encoding(csv);
		assert_string_equal(enc, pass ? "GB18030" : "UTF-8");
		assert_int_equal(n, 6000);
		csv_close(csv);
		buf_free(&src);
	}
	buf_free(&in);
}

/* read_all for data of a known length (may hold NUL bytes), with its cause. */
static char *read_bytes(const char *data, size_t len, const char **enc, char **cause)
{
	return read_all(data, len, enc, cause);
}

/* Issue 13: 70 KB of ASCII, then a GBK row: the whole file decides, so GB18030. */
static void encoding_decided_on_the_whole_file(void **state)
{
	(void)state;
	struct buf in = {0};
	buf_adds(&in, "群名,备注\n");
	size_t hlen;
	char *head = to_gbk("群名,备注\n", &hlen);
	buf_free(&in);
	buf_add(&in, head, hlen);
	free(head);
	for (int i = 0; in.len < 70000; i++)
		buf_addf(&in, "group%05d,plain ascii note\n", i);
	size_t glen;
	char *gbk = to_gbk("宝妈育儿交流群,第二行备注\n", &glen);
	buf_add(&in, gbk, glen);
	free(gbk);
	const char *enc;
	char *cause = NULL;
	char *got = read_bytes(in.data, in.len, &enc, &cause);
	if (!got)
		fail_msg("%s", cause);
	assert_string_equal(enc, "GB18030");
	assert_non_null(strstr(got, "宝妈育儿交流群|第二行备注;"));
	assert_true(utf8_valid(got, strlen(got)));
	free(got);
	buf_free(&in);
}

/* One stray 0xA0 in a UTF-8 file is that line's error, not a switch to GB18030. */
static void stray_byte_in_utf8_names_its_line(void **state)
{
	(void)state;
	const char data[] = "群名,平台\n宝妈育儿交流群,wecom\n职场穿搭研究所,wechat\n"
			    "早安\xA0打卡群,wecom\n读书会,wecom\n";
	char *cause = NULL;
	const char *enc;
	char *got = read_bytes(data, sizeof data - 1, &enc, &cause);
	assert_null(got);
	assert_non_null(cause);
	if (!strstr(cause, "t.csv:4:") || !strstr(cause, "0xA0") || !strstr(cause, "UTF-8"))
		fail_msg("cause: %s", cause);
	free(cause);
	/* Said to be GB18030, it is read as such (the operator's call). */
	assert_int_equal(csv_set_encoding("gb18030"), 0);
	cause = NULL;
	got = read_bytes(data, sizeof data - 1, &enc, &cause);
	assert_int_equal(csv_set_encoding(NULL), 0);
	if (got) {
		assert_string_equal(enc, "GB18030");
		assert_true(utf8_valid(got, strlen(got)));
		free(got);
	}
	free(cause);
	assert_int_equal(csv_set_encoding("latin-1"), -1);
}

/* --encoding utf-8 on a GBK file: refused with the first bad line, nothing mangled. */
static void forced_utf8_refuses_gbk(void **state)
{
	(void)state;
	size_t len;
	char *gbk = to_gbk("name,platform\nabc,wecom\n宝妈群,wecom\n", &len);
	assert_int_equal(csv_set_encoding("utf-8"), 0);
	char *cause = NULL;
	char *got = read_bytes(gbk, len, NULL, &cause);
	assert_int_equal(csv_set_encoding(NULL), 0);
	assert_null(got);
	if (!cause || !strstr(cause, "t.csv:3:"))
		fail_msg("cause: %s", cause ? cause : "(none)");
	free(cause);
	/* --encoding gbk reads it. */
	assert_int_equal(csv_set_encoding("GBK"), 0);
	const char *enc;
	got = read_bytes(gbk, len, &enc, &cause);
	assert_int_equal(csv_set_encoding(NULL), 0);
	assert_non_null(got);
	assert_string_equal(got, "1:name|platform;2:abc|wecom;3:宝妈群|wecom;");
	assert_string_equal(csv_last_encoding(), "GB18030");
	free(got);
	free(gbk);
}

/* A NUL byte is refused with its line: never a field cut short. */
static void nul_byte_names_its_line(void **state)
{
	(void)state;
	const char data[] = "群名,平台\n宝妈群,wecom\n早安\0群,wecom\n";
	char *cause = NULL;
	char *got = read_bytes(data, sizeof data - 1, NULL, &cause);
	assert_null(got);
	if (!cause || !strstr(cause, "t.csv:3:") || !strstr(cause, "NUL"))
		fail_msg("cause: %s", cause ? cause : "(none)");
	free(cause);
}

/* A GB18030 decoding error says its own line, not line 1. */
static void gb18030_error_names_its_line(void **state)
{
	(void)state;
	struct buf in = {0};
	for (int i = 0; i < 3000; i++) {
		char row[64];
		snprintf(row, sizeof row, "宝妈群%d,第%d行\n", i, i);
		size_t len;
		char *g = to_gbk(row, &len);
		buf_add(&in, g, len);
		free(g);
	}
	buf_add(&in, "\xFF\xFF,x\n", 5); /* 0xFF is no GB18030 byte: line 3001 */
	buf_adds(&in, "a,b\n");
	char *cause = NULL;
	char *got = read_bytes(in.data, in.len, NULL, &cause);
	assert_null(got);
	if (!cause || !strstr(cause, "t.csv:3001:") || !strstr(cause, "GB18030"))
		fail_msg("cause: %s", cause ? cause : "(none)");
	free(cause);
	buf_free(&in);
}

/* UTF-16 with and without a BOM is decoded (Excel's "Unicode text"). */
static void utf16_is_decoded(void **state)
{
	(void)state;
	const char *utf8 = "群名,平台\r\n宝妈群,wecom\r\n";
	iconv_t cd = iconv_open("UTF-16LE", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	char out[256], *o = out + 2, *in = (char *)utf8;
	size_t in_left = strlen(utf8), out_left = sizeof out - 2;
	assert_true(iconv(cd, &in, &in_left, &o, &out_left) != (size_t)-1);
	iconv_close(cd);
	size_t len = (size_t)(o - out);
	out[0] = '\xFF', out[1] = '\xFE';
	const char *enc;
	char *cause = NULL;
	for (int bom = 1; bom >= 0; bom--) {
		char *got = read_bytes(bom ? out : out + 2, bom ? len : len - 2, &enc, &cause);
		if (!got)
			fail_msg("UTF-16 (bom %d): %s", bom, cause);
		assert_string_equal(got, "1:群名|平台;2:宝妈群|wecom;");
		assert_string_equal(enc, "UTF-16LE");
		free(got);
	}
}

/* Lone CR line ends (old Mac exports) end lines, and the lines are counted. */
static void cr_only_line_ends(void **state)
{
	(void)state;
	expect("name,platform\r宝妈群,wecom\r职场群,wechat\r", "1:name|platform;2:宝妈群|wecom;3:职场群|wechat;");
	expect("a,b\r\r1,2", "1:a|b;3:1|2;");
	char *cause = NULL;
	const char *data = "a,b\r1,2\r3,\"open\r4,5\r";
	assert_null(read_all(data, strlen(data), NULL, &cause));
	assert_non_null(strstr(cause, "t.csv:3:"));
	free(cause);
}

static void unterminated_quote_names_line(void **state)
{
	(void)state;
	char *cause = NULL;
	const char *data = "a,b\n1,2\n3,\"never closed\n4,5\n";
	char *got = read_all(data, strlen(data), NULL, &cause);
	assert_null(got);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "t.csv:3:"));
	assert_non_null(strstr(cause, "never closed"));
	free(cause);
}

static void missing_file_is_an_error(void **state)
{
	(void)state;
	struct csv *csv;
	char *cause = NULL;
	assert_int_equal(csv_open("/nonexistent/x.csv", &csv, &cause), -1);
	assert_non_null(strstr(cause, "/nonexistent/x.csv"));
	free(cause);
}

static void find_column_trims_and_ignores_case(void **state)
{
	(void)state;
	char *cause = NULL;
	struct csv *csv;
	const char *data = " Name , 日期 ,x\n";
	assert_int_equal(csv_open_mem(data, strlen(data), "h.csv", &csv, &cause), 0);
	struct csv_record rec;
	assert_int_equal(csv_next(csv, &rec, &cause), 1);
	const char *const n1[] = {"name", NULL}, *const n2[] = {"date", "日期", NULL},
			  *const n3[] = {"nope", NULL};
	assert_int_equal(csv_find_column(&rec, n1), 0);
	assert_int_equal(csv_find_column(&rec, n2), 1);
	assert_int_equal(csv_find_column(&rec, n3), -1);
	csv_close(csv);
}

/* ---- the writer ---- */

/* Hostile cells: every one must read back as written (the guard aside). */
static const char *const hostile[] = {
	"宝妈\"育儿\"群", "第一行\n第二行", "a,b", "=cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
	"\t制表", "+86 138", "\r回车", " 前后空格 ", "", "-3.5", "普通",
};

/* Write hostile cells as one row (plus a header), read them back with the project's reader. */
static void writer_round_trips_through_the_reader(void **state)
{
	(void)state;
	char *data = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&data, &len);
	csv_write_bom(out);
	const char *const head[] = {"列1", "列2"};
	csv_write_row(out, head, 2);
	csv_write_row(out, hostile, ARRAY_LEN(hostile));
	fclose(out);
	assert_memory_equal(data, "\xEF\xBB\xBF列1,列2\r\n", strlen("\xEF\xBB\xBF列1,列2\r\n"));
	assert_string_equal(data + len - 2, "\r\n");
	char *cause = NULL;
	struct csv *csv;
	assert_int_equal(csv_open_mem(data, len, "w.csv", &csv, &cause), 0);
	assert_string_equal(csv_encoding(csv), "UTF-8 (BOM)");
	struct csv_record rec;
	assert_int_equal(csv_next(csv, &rec, &cause), 1);
	assert_int_equal(rec.n, 2);
	assert_int_equal(csv_next(csv, &rec, &cause), 1);
	assert_int_equal(rec.n, ARRAY_LEN(hostile));
	for (size_t i = 0; i < rec.n; i++) {
		const char *got = rec.fields[i];
		if (csv_cell_guarded(hostile[i])) {
			assert_int_equal(got[0], '\'');
			got++;
		}
		assert_string_equal(got, hostile[i]);
	}
	assert_int_equal(csv_next(csv, &rec, &cause), 0);
	csv_close(csv);
	free(data);
}

/* Which cells get the guard: = + - @ TAB CR lead, but a plain number stays a number. */
static void writer_guards_formulas(void **state)
{
	(void)state;
	const char *const yes[] = {"=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "-", "--1"};
	const char *const no[] = {"", "1", "-3", "-3.5", "群=1", "a-b", " =1"};
	for (size_t i = 0; i < ARRAY_LEN(yes); i++)
		assert_true(csv_cell_guarded(yes[i]));
	for (size_t i = 0; i < ARRAY_LEN(no); i++)
		assert_false(csv_cell_guarded(no[i]));
	char *data = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&data, &len);
	csv_write_cell(out, "=HYPERLINK(\"x\")", false);
	csv_write_cell(out, "-1", false);
	csv_write_cell(out, "a\"b", true);
	fclose(out);
	assert_string_equal(data, "\"'=HYPERLINK(\"\"x\"\")\",-1,\"a\"\"b\"\r\n");
	free(data);
}

/* Every record of an export, read back with the project's reader, as "cell" strings. */
static bool export_has_cell(const char *data, size_t len, const char *want)
{
	char *cause = NULL;
	struct csv *csv;
	if (csv_open_mem(data, len, "export.csv", &csv, &cause) < 0)
		fail_msg("%s", cause);
	struct csv_record rec;
	bool found = false;
	int r;
	while ((r = csv_next(csv, &rec, &cause)) > 0)
		for (size_t i = 0; i < rec.n; i++) {
			const char *got = rec.fields[i];
			/* The guard is the one difference allowed, and only where due. */
			if (csv_cell_guarded(want)) {
				if (got[0] != '\'')
					continue;
				got++;
			}
			if (strcmp(got, want) == 0)
				found = true;
		}
	if (r < 0)
		fail_msg("%s", cause);
	csv_close(csv);
	return found;
}

/* The content and calendar exports write hostile names through the one writer. */
static void exports_round_trip_hostile_names(void **state)
{
	(void)state;
	struct db *db = test_db();
	char *cause = NULL;
	size_t n;
	test_groups(db, "name,platform,type,created\n"
			"\"=cmd|' /C calc'!A0\",wecom,promotion,2026-03-01\n"
			"\"宝妈\"\"群\"\"\",wecom,promotion,2026-03-01\n", true);
	char *tags[] = {"@SUM(A1)", "育儿"};
	struct content_item it = {.title = "-2+3 标题", .category = "engage", .zone = "",
				  .form = "text", .style = "\t制表", .source = "",
				  .body = "第一行\n\"第二行\",逗号", .date = D("2026-03-02"),
				  .tags = tags, .n_tags = 2};
	if (content_add(db, &it, "tester", &cause) < 0)
		fail_msg("%s", cause);
	char *data = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&data, &len);
	if (content_export(db, NULL, CONTENT_CSV, out, &n, &cause) < 0)
		fail_msg("%s", cause);
	fclose(out);
	assert_true(export_has_cell(data, len, "-2+3 标题"));
	assert_true(export_has_cell(data, len, "\t制表"));
	assert_true(export_has_cell(data, len, "第一行\n\"第二行\",逗号"));
	assert_true(export_has_cell(data, len, "@SUM(A1);育儿"));
	free(data);

	struct playbook *pb;
	if (playbook_load_active(db, &pb, &cause) < 0)
		fail_msg("%s", cause);
	struct group g = {0};
	if (group_require(db, "=cmd|' /C calc'!A0", &g, &cause) < 0)
		fail_msg("%s", cause);
	struct cal_fill f = {.topic = "+话题\r回车", .owner = "@小王", .status = -1,
			     .action_id = "morning"};
	if (calendar_fill(db, pb, g.id, D("2026-03-03"), 8 * 60 + 30, &f, "tester", &cause) < 0)
		fail_msg("%s", cause);
	out = open_memstream(&data, &len);
	/* With the empty slots: the group without a filled slot must be there too. */
	struct cal_export_opts all = {.with_empty = true};
	if (calendar_export_with(db, pb, D("2026-03-02"), D("2026-03-08"), NULL, CAL_CSV, &all, out,
				 &n, &cause) < 0)
		fail_msg("%s", cause);
	fclose(out);
	assert_memory_equal(data, "\xEF\xBB\xBF", 3);
	assert_true(export_has_cell(data, len, "=cmd|' /C calc'!A0"));
	assert_true(export_has_cell(data, len, "宝妈\"群\""));
	assert_true(export_has_cell(data, len, "+话题\r回车"));
	assert_true(export_has_cell(data, len, "@小王"));
	free(data);
	group_clear(&g);
	playbook_free(pb);
	db_close(db);
}

static const char *const t_date[] = {"日期", "date", NULL};
static const char *const t_group[] = {"群", "group", NULL};
static const char *const t_note[] = {"备注", NULL};
static const char *const *const t_names[] = {t_date, t_group, t_note, NULL};

/* The rows csv_each_row hands over, joined "line:first|line:first". */
static int collect_row(const struct csv_record *rec, void *ctx, char **cause)
{
	struct buf *b = ctx;
	if (strcmp(csv_field(rec, 0), "stop") == 0)
		return set_cause(cause, "stopped at %ld", rec->line);
	buf_addf(b, "%s%ld:%s/%s", b->len ? "|" : "", rec->line, csv_field(rec, 0),
		 csv_field(rec, 7));
	return 0;
}

/* The shared row reader: header below a title line, blank rows skipped, the cap named. */
static void row_reader_finds_header_and_skips_blanks(void **state)
{
	(void)state;
	const char *text = "三月排期表,,\n"
			   " Date ,备注,群\n"
			   "2026-03-01,x,宝妈群\n"
			   ",,\n"
			   "2026-03-02,,老客群\n";
	struct csv *csv;
	char *cause = NULL;
	assert_int_equal(csv_open_mem(text, strlen(text), "p.csv", &csv, &cause), 0);
	int cols[3];
	long line = 0;
	static const size_t required[] = {0, 1};
	assert_int_equal(csv_find_header(csv, t_names, cols, required, 2, 5, &line, &cause), 0);
	assert_int_equal(line, 2);
	assert_int_equal(cols[0], 0);
	assert_int_equal(cols[1], 2);
	assert_int_equal(cols[2], 1);
	struct buf b = {0};
	assert_int_equal(csv_each_row(csv, 10, collect_row, &b, &cause), 0);
	/* Line 4 (",,") is blank; a short row's missing field is "". */
	assert_string_equal(buf_str(&b), "3:2026-03-01/|5:2026-03-02/");
	buf_free(&b);
	csv_close(csv);

	/* No header within the tries: 1, no cause; the cap names its line; a row's error stops. */
	assert_int_equal(csv_open_mem(text, strlen(text), "p.csv", &csv, &cause), 0);
	assert_int_equal(csv_find_header(csv, t_names, cols, required, 2, 1, &line, &cause), 1);
	assert_null(cause);
	csv_close(csv);
	const char *many = "date,group\na,1\nb,2\nc,3\n";
	assert_int_equal(csv_open_mem(many, strlen(many), "m.csv", &csv, &cause), 0);
	assert_int_equal(csv_find_header(csv, t_names, cols, required, 2, 1, &line, &cause), 0);
	assert_int_equal(csv_each_row(csv, 2, collect_row, &b, &cause), -1);
	assert_string_equal(cause, "m.csv:4: more than 2 rows; split the file");
	free(cause), cause = NULL;
	buf_free(&b);
	csv_close(csv);
	const char *stop = "date,group\na,1\nstop,2\nc,3\n";
	assert_int_equal(csv_open_mem(stop, strlen(stop), "s.csv", &csv, &cause), 0);
	assert_int_equal(csv_find_header(csv, t_names, cols, required, 2, 1, &line, &cause), 0);
	assert_int_equal(csv_each_row(csv, 10, collect_row, &b, &cause), -1);
	assert_string_equal(cause, "stopped at 3");
	free(cause);
	buf_free(&b);
	csv_close(csv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_and_quoted),
		cmocka_unit_test(embedded_newlines_count_lines),
		cmocka_unit_test(crlf_and_blank_lines),
		cmocka_unit_test(bom_is_skipped),
		cmocka_unit_test(gb18030_is_converted),
		cmocka_unit_test(input_larger_than_a_chunk),
		cmocka_unit_test(unterminated_quote_names_line),
		cmocka_unit_test(encoding_decided_on_the_whole_file),
		cmocka_unit_test(stray_byte_in_utf8_names_its_line),
		cmocka_unit_test(forced_utf8_refuses_gbk),
		cmocka_unit_test(nul_byte_names_its_line),
		cmocka_unit_test(gb18030_error_names_its_line),
		cmocka_unit_test(utf16_is_decoded),
		cmocka_unit_test(cr_only_line_ends),
		cmocka_unit_test(missing_file_is_an_error),
		cmocka_unit_test(find_column_trims_and_ignores_case),
		cmocka_unit_test(row_reader_finds_header_and_skips_blanks),
		cmocka_unit_test(writer_round_trips_through_the_reader),
		cmocka_unit_test(writer_guards_formulas),
		cmocka_unit_test(exports_round_trip_hostile_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
