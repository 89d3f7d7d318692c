# bash completion for sopdeck. Every name comes from the program itself
# (`sopdeck complete ...`: the command table and the database), so this file
# never lists a command or an option and cannot drift from them.
# Installed as $(PREFIX)/share/bash-completion/completions/sopdeck.

# Offer the lines of `sopdeck GLOBALS complete ARGS...` that start with $cur. Names
# from the database are data: never let compgen -W expand them, quote what the shell
# would read as syntax.
_sopdeck_offer()
{
	local w
	while IFS= read -r w; do
		[[ -n $w && $w == "$cur"* ]] || continue
		if [[ $w == *[[:space:]\'\"\\\$\`\(\)\;\&\|\<\>\*\?\[\]\{\}\~\#\!]* ]]; then
			w=$(printf '%q' "$w")
		fi
		COMPREPLY+=("$w")
	done < <("$_sopdeck_prog" "${_sopdeck_globals[@]}" complete "$@" 2>/dev/null)
}

_sopdeck()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local cmd="" first="" i w
	local -a _sopdeck_globals=()
	local _sopdeck_prog=${COMP_WORDS[0]}
	COMPREPLY=()
	# The global options already typed say which database to read.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--db | --today | --operator | --lang)
			_sopdeck_globals+=("$w" "${COMP_WORDS[i + 1]}")
			((i++))
			continue
			;;
		--demo | --no-mouse) _sopdeck_globals+=("$w"); continue ;;
		-*) continue ;;
		esac
		if [[ -z $cmd ]]; then
			cmd=$w
		elif [[ -z $first ]]; then
			first=$w
		fi
	done
	# An option's value.
	if [[ $prev == -* ]] && "$_sopdeck_prog" complete valued $cmd 2>/dev/null |
		grep -qxF -- "$prev"; then
		case $prev in
		--group | --to-group) _sopdeck_offer groups ;;
		--tag) _sopdeck_offer tags ;;
		--action) _sopdeck_offer actions ;;
		--playbook)
			# init takes a file; group set a playbook's name.
			if [[ $cmd == group ]]; then _sopdeck_offer playbooks
			else compopt -o filenames 2>/dev/null
				mapfile -t COMPREPLY < <(compgen -f -- "$cur")
			fi ;;
		--lang) COMPREPLY=($(compgen -W "zh en" -- "$cur")) ;;
		--format) COMPREPLY=($(compgen -W "csv md ics yaml" -- "$cur")) ;;
		--encoding) COMPREPLY=($(compgen -W "utf-8 gb18030 gbk" -- "$cur")) ;;
		--status) COMPREPLY=($(compgen -W "planned drafted reviewed posted" -- "$cur")) ;;
		--zone) COMPREPLY=($(compgen -W "knowledge visual campaign ugc" -- "$cur")) ;;
		--form) COMPREPLY=($(compgen -W "text video voice live qa" -- "$cur")) ;;
		--db | -o | --output) compopt -o filenames 2>/dev/null
			mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
		esac
		return 0
	fi
	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then _sopdeck_offer options; else _sopdeck_offer commands; fi
		return 0
	fi
	if [[ $cur == -* ]]; then
		_sopdeck_offer options "$cmd"
		return 0
	fi
	case $cmd in
	help) [[ -z $first ]] && _sopdeck_offer commands ;;
	tick | untick)
		# Today's ids, GROUP-NAME:ACTION. bash splits a word at ':' (COMP_WORDBREAKS): join
		# it back, then offer only what follows the word's last colon.
		local word=$cur colon k
		if [[ $cur == : ]]; then word=${COMP_WORDS[COMP_CWORD - 1]}:
		elif [[ $prev == : ]]; then word=${COMP_WORDS[COMP_CWORD - 2]}:$cur
		fi
		cur=$word _sopdeck_offer items
		if [[ $word == *:* && $COMP_WORDBREAKS == *:* ]]; then
			colon=${word%"${word##*:}"}
			for k in "${!COMPREPLY[@]}"; do COMPREPLY[k]=${COMPREPLY[k]#"$colon"}; done
		fi
		;;
	check | config) ;;
	playbook) [[ -n $first ]] && _sopdeck_offer playbooks ;;
	group) [[ -n $first ]] && _sopdeck_offer groups ;;
	*)
		if [[ -z $first ]] && [[ -n $("$_sopdeck_prog" complete words "$cmd" 2>/dev/null) ]]; then
			_sopdeck_offer words "$cmd"
		else
			compopt -o filenames 2>/dev/null
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		fi
		;;
	esac
	return 0
}
complete -F _sopdeck sopdeck
