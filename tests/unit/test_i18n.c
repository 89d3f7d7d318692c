/* The message catalogue: language names, the locale's say, lookups in both languages. */
#include "testutil.h"

#include <errno.h>

#include "i18n.h"

static void lang_names(void **state)
{
	(void)state;
	assert_int_equal(i18n_lang_parse("zh"), I18N_ZH);
	assert_int_equal(i18n_lang_parse("en"), I18N_EN);
	assert_int_equal(i18n_lang_parse("zh_CN.UTF-8"), I18N_ZH);
	assert_int_equal(i18n_lang_parse("en_US.UTF-8"), I18N_EN);
	assert_int_equal(i18n_lang_parse("en-GB"), I18N_EN);
	assert_int_equal(i18n_lang_parse("C.UTF-8"), -1);
	assert_int_equal(i18n_lang_parse("eng"), -1);
	assert_int_equal(i18n_lang_parse("fr"), -1);
	assert_int_equal(i18n_lang_parse(""), -1);
	assert_int_equal(i18n_lang_parse(NULL), -1);
	assert_string_equal(i18n_lang_name(I18N_ZH), "zh");
	assert_string_equal(i18n_lang_name(I18N_EN), "en");
}

/* POSIX: the first non-empty of LC_ALL, LC_MESSAGES, LANG decides, even when it says neither. */
static void locale_order(void **state)
{
	(void)state;
	setenv("LC_ALL", "", 1);
	setenv("LC_MESSAGES", "en_US.UTF-8", 1);
	setenv("LANG", "zh_CN.UTF-8", 1);
	assert_int_equal(i18n_lang_from_locale(), I18N_EN);
	unsetenv("LC_MESSAGES");
	assert_int_equal(i18n_lang_from_locale(), I18N_ZH);
	setenv("LC_ALL", "C.UTF-8", 1);
	assert_int_equal(i18n_lang_from_locale(), -1);
	unsetenv("LC_ALL");
	unsetenv("LANG");
	assert_int_equal(i18n_lang_from_locale(), -1);
	setenv("LC_ALL", "C.UTF-8", 1);
}

static void lookups(void **state)
{
	(void)state;
	assert_true(i18n_catalogue_size() > 40);
	i18n_set(I18N_ZH);
	assert_int_equal(i18n_lang(), I18N_ZH);
	assert_string_equal(_("usage:"), "用法:");
	assert_string_equal(_("unknown command '%s'"), "未知命令 '%s'");
	/* Escapes in the PO file come out as the characters they stand for. */
	const char *para = _("\n(see sopdeck --help)\n");
	assert_int_equal(para[0], '\n');
	assert_null(strchr(para, '\\'));
	assert_string_equal(para, "\n（见 sopdeck --help）\n");
	/* A msgid the catalogue lacks is its own text, the same pointer. */
	const char *unknown = "no such message in the catalogue";
	assert_ptr_equal(_(unknown), unknown);
	assert_string_equal(_(""), "");
	/* The header entry (msgid "") is no translation. */
	i18n_set(I18N_EN);
	assert_string_equal(_("usage:"), "usage:");
	assert_string_equal(i18n_get_in(I18N_ZH, "usage:"), "用法:");
	assert_string_equal(i18n_get_in(I18N_EN, "usage:"), "usage:");
	i18n_set(I18N_ZH);
}

static void titles(void **state)
{
	(void)state;
	i18n_set(I18N_ZH);
	assert_string_equal(i18n_title("早安问候", "morning greeting"), "早安问候");
	i18n_set(I18N_EN);
	assert_string_equal(i18n_title("早安问候", "morning greeting"), "morning greeting");
	assert_string_equal(i18n_title("早安问候", NULL), "早安问候");
	assert_string_equal(i18n_title("早安问候", ""), "早安问候");
	i18n_set(I18N_ZH);
}

/* The model's causes come in the chosen language; names and file:line:col stay as they are. */
static void model_causes(void **state)
{
	(void)state;
	struct db *db = test_db();
	struct group g;
	char *cause = NULL;
	i18n_set(I18N_ZH);
	assert_int_equal(group_require(db, "无此群", &g, &cause), -1);
	assert_string_equal(cause, "没有名为 '无此群' 的群");
	i18n_set(I18N_EN);
	assert_int_equal(group_require(db, "无此群", &g, &cause), -1);
	assert_string_equal(cause, "no group named '无此群'");
	/* A playbook error: the position and the key as written, the words translated. */
	const char *yaml = "playbook: x\nversion: \"1\"\nevry: day\n";
	struct playbook *pb = NULL;
	i18n_set(I18N_ZH);
	assert_int_equal(playbook_parse(yaml, strlen(yaml), "p.yaml", &pb, &cause), -1);
	assert_non_null(strstr(cause, "p.yaml:3:1: 剧本中有未知的键 'evry'（可用："));
	i18n_set(I18N_EN);
	assert_int_equal(playbook_parse(yaml, strlen(yaml), "p.yaml", &pb, &cause), -1);
	assert_non_null(strstr(cause, "p.yaml:3:1: unknown key 'evry' in the playbook (known: "));
	free(cause);
	db_close(db);
}

/* util.c's messages and system errors follow the language (util.c over i18n, no cycle). */
static void util_messages(void **state)
{
	(void)state;
	char *data = NULL, *cause = NULL;
	size_t len;
	i18n_set(I18N_ZH);
	assert_string_equal(error_text(ENOENT), "文件或目录不存在");
	assert_int_equal(read_file("/nonexistent/x.yaml", 100, &data, &len, &cause), -1);
	assert_string_equal(cause, "/nonexistent/x.yaml: 文件或目录不存在");
	assert_int_equal(read_file("/", 100, &data, &len, &cause), -1);
	assert_string_equal(cause, "/：读取出错：是一个目录");
	i18n_set(I18N_EN);
	assert_string_equal(error_text(ENOENT), "no such file or directory");
	assert_int_equal(read_file("/", 100, &data, &len, &cause), -1);
	assert_string_equal(cause, "/: read error: is a directory");
	/* An error the table does not list: the C library's words. */
	assert_string_equal(error_text(EXDEV), strerror(EXDEV));
	free(cause);
	i18n_set(I18N_ZH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lang_names),
		cmocka_unit_test(locale_order),
		cmocka_unit_test(lookups),
		cmocka_unit_test(titles),
		cmocka_unit_test(model_causes),
		cmocka_unit_test(util_messages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
