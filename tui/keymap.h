/*
 * The config file's `keys:` bindings in the console (tui/keymap.c): key names as
 * the config spells them ("Space", "^L", "F2", "x") to curses codes and back,
 * and the translation app.c applies to a key the current view did not take.
 */
#ifndef SOPDECK_TUI_KEYMAP_H
#define SOPDECK_TUI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

struct config;

/* One binding: the key pressed, the action's default key it stands for, the action. */
struct keymap_entry {
	int code, def;
	const char *action;   /* config_key_actions[] entry: static */
};

struct keymap {
	struct keymap_entry *map;
	size_t n;
};

/* The curses code for a key name as config.c accepts it; -1 if it is none. */
int keymap_code(const char *name);
/* A key code as help shows it: "Space", "^L", "F2", "x" (out holds 16 bytes). */
void keymap_name(int code, char out[16]);
/* The bindings of cfg (NULL: none); names config.c accepted always have a code. */
void keymap_build(struct keymap *km, const struct config *cfg);
void keymap_free(struct keymap *km);
/* The default key of the action bound to key, or key when nothing is bound to it. */
int keymap_translate(const struct keymap *km, int key);
/* Is key the default of an action bound to another key (and bound to nothing itself)? */
bool keymap_replaced(const struct keymap *km, int key);
/* The key bound to action, or -1. */
int keymap_bound(const struct keymap *km, const char *action);

#endif
