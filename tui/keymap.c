/*
 * Key bindings from the config file. A binding makes its key stand for the
 * action's default key; app.c offers every key to the view first, so a key a
 * view is typing into (a search, a form) is never translated.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "keymap.h"
#include "util.h"

#define CTRL(c) ((c) & 0x1f)

/* The named keys config.c accepts, with their codes. */
static const struct {
	const char *name;
	int code;
} keymap_named[] = {
	{"Tab", '\t'}, {"S-Tab", KEY_BTAB}, {"Enter", '\n'}, {"Esc", 27}, {"Space", ' '},
	{"Backspace", KEY_BACKSPACE}, {"Up", KEY_UP}, {"Down", KEY_DOWN}, {"Left", KEY_LEFT},
	{"Right", KEY_RIGHT}, {"Home", KEY_HOME}, {"End", KEY_END}, {"PgUp", KEY_PPAGE},
	{"PgDn", KEY_NPAGE},
};

int keymap_code(const char *name)
{
	size_t n = strlen(name);
	if (n == 1 && name[0] > ' ' && name[0] < 0x7f)
		return (unsigned char)name[0];
	if (n == 2 && name[0] == '^' && name[1] >= 'A' && name[1] <= 'Z')
		return CTRL(name[1]);
	if ((n == 2 || n == 3) && name[0] == 'F' && name[1] >= '1' && name[1] <= '9') {
		int f = atoi(name + 1);
		return f >= 1 && f <= 12 ? KEY_F(f) : -1;
	}
	for (size_t i = 0; i < ARRAY_LEN(keymap_named); i++)
		if (strcmp(name, keymap_named[i].name) == 0)
			return keymap_named[i].code;
	return -1;
}

void keymap_name(int code, char out[16])
{
	for (size_t i = 0; i < ARRAY_LEN(keymap_named); i++)
		if (keymap_named[i].code == code) {
			snprintf(out, 16, "%s", keymap_named[i].name);
			return;
		}
	if (code > ' ' && code < 0x7f)
		snprintf(out, 16, "%c", code);
	else if (code >= 1 && code < ' ')
		snprintf(out, 16, "^%c", code + '@');
	else if (code >= KEY_F(1) && code <= KEY_F(12))
		snprintf(out, 16, "F%d", code - KEY_F(0));
	else
		snprintf(out, 16, "#%d", code);
}

void keymap_build(struct keymap *km, const struct config *cfg)
{
	*km = (struct keymap){0};
	if (!cfg || cfg->n_keys == 0)
		return;
	km->map = xcalloc(cfg->n_keys, sizeof *km->map);
	for (size_t i = 0; i < cfg->n_keys; i++) {
		const char *def = config_key_action_default(cfg->keys[i].action);
		int code = keymap_code(cfg->keys[i].key), dcode = def ? keymap_code(def) : -1;
		const char *action = NULL;
		for (size_t a = 0; config_key_actions[a]; a++)
			if (strcmp(config_key_actions[a], cfg->keys[i].action) == 0)
				action = config_key_actions[a];
		if (code < 0 || dcode < 0 || !action)
			continue;
		km->map[km->n++] = (struct keymap_entry){code, dcode, action};
	}
}

void keymap_free(struct keymap *km)
{
	free(km->map);
	*km = (struct keymap){0};
}

int keymap_translate(const struct keymap *km, int key)
{
	for (size_t i = 0; i < km->n; i++)
		if (km->map[i].code == key)
			return km->map[i].def;
	return key;
}

bool keymap_replaced(const struct keymap *km, int key)
{
	bool replaced = false;
	for (size_t i = 0; i < km->n; i++) {
		if (km->map[i].code == key)
			return false;
		replaced |= km->map[i].def == key && km->map[i].code != key;
	}
	return replaced;
}

int keymap_bound(const struct keymap *km, const char *action)
{
	for (size_t i = 0; i < km->n; i++)
		if (strcmp(km->map[i].action, action) == 0)
			return km->map[i].code;
	return -1;
}
