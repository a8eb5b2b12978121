# bash completion for reelwatch(1)                                 -*- shell-script -*-
# Installed as share/bash-completion/completions/reelwatch and loaded on demand by bash-completion;
# it also works on its own (`source` it), since it needs none of bash-completion's helpers.
# Every command and option here is what `reelwatch COMMAND --help` prints: tests/tst_packaging.cpp
# compares the two.

# Profile names, one a line, from `reelwatch profile list --json`. Asked only when the task database
# exists, so that pressing Tab never creates one.
_reelwatch_profiles()
{
    local program=$1 database="${XDG_DATA_HOME:-$HOME/.local/share}/Reelwatch/reelwatch/reelwatch.sqlite3"
    [[ -f $database ]] || return 0
    "$program" profile list --json 2>/dev/null |
        sed -n 's/.*"name":"\(\([^"\\]\|\\.\)*\)".*/\1/p' |
        sed 's/\\"/"/g; s/\\\\/\\/g'
}

# COMPREPLY: the profile names that start with $2, quoted for the command line (a profile may be
# called "My Gateway").
_reelwatch_complete_profiles()
{
    local program=$1 prefix=$2 name
    local -a names
    mapfile -t names < <(_reelwatch_profiles "$program")
    for name in "${names[@]}"; do
        [[ $name == "$prefix"* ]] && COMPREPLY+=("$(printf '%q' "$name")")
    done
}

# Provider ids, one a line, from `reelwatch providers --json` (built-in and installed ones, so a new
# provider needs no change here). Needs no database.
_reelwatch_providers()
{
    "$1" providers --json 2>/dev/null | sed -n 's/.*"id":"\([a-z0-9_-]*\)".*/\1/p'
}

_reelwatch()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=""
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    # `--opt=value`: bash splits at the '=' (it is in COMP_WORDBREAKS), so the option is two back.
    if [[ $cur == "=" ]]; then
        prev=${COMP_WORDS[COMP_CWORD - 1]}
        cur=""
    elif [[ $prev == "=" ]] && ((COMP_CWORD > 1)); then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi
    COMPREPLY=()

    local program=${COMP_WORDS[0]}
    [[ $program == */* && -x ${program/#\~/$HOME} ]] && program=${program/#\~/$HOME} || program=reelwatch

    # The command is the first word after the program that is neither an option nor an option's
    # value; a command's action (`profile add`, `key set`) is the next such word.
    local value_options="--profile --provider --provider-file --base-url --auth --timeout --interval --concurrency --max-rps --give-up-after
        --follow-days --download --name-pattern --stall-timeout -o --output --variant --label --status --format --port --flavour --key --tasks
        --finish-ms --color-scheme"
    local command="" action="" word before i
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        before=${COMP_WORDS[i - 1]}
        [[ $word == -* || $word == "=" || $before == "=" ]] && continue
        [[ " ${value_options//$'\n'/ } " == *" $before "* ]] && continue
        if [[ -z $command ]]; then
            command=$word
        elif [[ -z $action ]]; then
            action=$word
        fi
    done

    # Values of the options that take one.
    case $prev in
        --profile)
            _reelwatch_complete_profiles "$program" "$cur"
            return 0
            ;;
        --provider)
            COMPREPLY=($(compgen -W "$(_reelwatch_providers "$program")" -- "$cur"))
            return 0
            ;;
        --provider-file)
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -f -X '!*.json' -- "$cur") $(compgen -d -- "$cur"))
            return 0
            ;;
        --auth)
            COMPREPLY=($(compgen -W "bearer token" -- "$cur"))
            return 0
            ;;
        --variant)
            COMPREPLY=($(compgen -W "video thumbnail spritesheet" -- "$cur"))
            return 0
            ;;
        --format)
            COMPREPLY=($(compgen -W "json csv" -- "$cur"))
            return 0
            ;;
        --flavour)
            COMPREPLY=($(compgen -W "seed openai envelope" -- "$cur"))
            return 0
            ;;
        --color-scheme)
            COMPREPLY=($(compgen -W "system light dark" -- "$cur"))
            return 0
            ;;
        --status)
            if [[ $command == list ]]; then
                COMPREPLY=($(compgen -W "NOT_START SUBMITTED QUEUED IN_PROGRESS SUCCESS FAILURE UNKNOWN ACTIVE
                    NOT_FOUND" -- "$cur"))
                return 0
            fi
            ;;
        --download)
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -d -- "$cur"))
            return 0
            ;;
        -o | --output)
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -f -- "$cur"))
            return 0
            ;;
        --base-url)
            return 0
            ;;
        --timeout | --interval | --concurrency | --max-rps | --give-up-after | --follow-days | --name-pattern | --label | \
            --stall-timeout | --port | --key | --tasks | --finish-ms)
            return 0
            ;;
    esac

    local help="-h --help --help-all"
    local connection="--profile --provider --provider-file --base-url --auth --timeout"
    case $command in
        "")
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "--demo --color-scheme --minimized $help -V --version" -- "$cur"))
            else
                COMPREPLY=($(compgen -W "status watch download add list remove export import profile providers
                    key demo-server" -- "$cur"))
            fi
            ;;
        status)
            COMPREPLY=($(compgen -W "--json -v --verbose --all $connection $help" -- "$cur"))
            ;;
        watch)
            COMPREPLY=($(compgen -W "--json --interval --concurrency --max-rps --give-up-after --no-batch -v
                --verbose --all --follow --follow-days --download --name-pattern --stall-timeout $connection $help" -- "$cur"))
            ;;
        download)
            COMPREPLY=($(compgen -W "-o --output --variant --name-pattern -v --verbose --stall-timeout $connection $help" \
                -- "$cur"))
            ;;
        add)
            COMPREPLY=($(compgen -W "--label --profile $help" -- "$cur"))
            ;;
        list)
            COMPREPLY=($(compgen -W "--json --status --archived --profile $help" -- "$cur"))
            ;;
        remove)
            COMPREPLY=($(compgen -W "--profile $help" -- "$cur"))
            ;;
        export)
            COMPREPLY=($(compgen -W "--format -o --output $help" -- "$cur"))
            ;;
        import)
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "--profile $help" -- "$cur"))
            else
                compopt -o filenames 2>/dev/null
                COMPREPLY=($(compgen -f -- "$cur"))
            fi
            ;;
        profile)
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "--provider --provider-file --base-url --auth --json $help" -- "$cur"))
            elif [[ -z $action ]]; then
                COMPREPLY=($(compgen -W "list add remove set-default" -- "$cur"))
            elif [[ $action == remove || $action == set-default ]]; then
                _reelwatch_complete_profiles "$program" "$cur"
            fi
            ;;
        providers)
            COMPREPLY=($(compgen -W "--json $help" -- "$cur"))
            ;;
        key)
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "--profile $help" -- "$cur"))
            elif [[ -z $action ]]; then
                COMPREPLY=($(compgen -W "set status delete" -- "$cur"))
            fi
            ;;
        demo-server)
            COMPREPLY=($(compgen -W "--port --flavour --key --tasks --finish-ms --numeric-ids --cdn $help" -- "$cur"))
            ;;
    esac
    return 0
}
complete -F _reelwatch reelwatch
