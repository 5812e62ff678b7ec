# bash completion for npy-tool                                  -*- shell-script -*-
# Completes the commands, each command's options and their fixed values, .npy/.npz file names (PNG, CSV and
# directories where an option writes one), after --member, --x, --y and convert's member options the member names
# of the file on the line, as `npy-tool info --names FILE` prints them, and after `--astype NAME=` the dtypes. Works with or without the bash-completion package.

# The options of npy-tool command $1, one string.
_npy_tool_options()
{
    case $1 in
        info) echo "--json --names --help" ;;
        check) echo "--help" ;;
        convert) echo "--compress --level --store --member --only --drop --rename --astype --casting --reshape
                       --transpose --order --help" ;;
        export) echo "--all --member --outdir --csv --help" ;;
        stats) echo "--member --help" ;;
        render) echo "--member --png --slice --frame --sheet --start --rgb --channels-axis --bgr --colormap
                      --range --scale --size --reduce --help" ;;
        find) echo "--member --field --eq --tol --ne --lt --le --gt --ge --between --nan --inf --nonfinite
                    --max --min --limit --count --help" ;;
        print) echo "--member --slice --help" ;;
        diff) echo "--member --rtol --atol --equal-nan --count --json -q --help" ;;
        recover) echo "--help" ;;
        envelope) echo "--member --field --column --bins --json --help" ;;
        density) echo "--x --y --bins --range --out --help" ;;
        thumbnail) echo "--help" ;;
    esac
}

# Adds to COMPREPLY the files matching the extended glob pattern $2 (e.g. 'npy|npz') and the directories
# that start with $1.
_npy_tool_files()
{
    local cur=$1 pattern=$2 f
    local IFS=$'\n'
    local -a found
    if declare -F _filedir >/dev/null; then
        _filedir "$pattern"
        return
    fi
    found=($(compgen -d -- "$cur"))
    for f in "${found[@]}"; do
        COMPREPLY+=("$f/")
    done
    local extglob
    extglob=$(shopt -p extglob)
    shopt -s extglob
    for f in $(compgen -f -X "!*.@($pattern)" -- "$cur"); do
        [[ -d $f ]] || COMPREPLY+=("$f")
    done
    eval "$extglob"
    compopt -o nospace -o filenames 2>/dev/null
}

# Adds to COMPREPLY the member names of file $2 that start with $1.
_npy_tool_members()
{
    local cur=$1 file=$2 name
    file=${file/#\~/$HOME}
    file=${file#[\"\']}
    file=${file%[\"\']}
    [[ -f $file ]] || return
    while IFS= read -r name; do
        [[ $name == "$cur"* ]] && COMPREPLY+=("$(printf '%q' "$name")")
    done < <("${_npy_tool_program:-npy-tool}" info --names "$file" 2>/dev/null)
}

_npy_tool()
{
    local cur prev words cword
    if declare -F _init_completion >/dev/null; then
        _init_completion -n =: || return
    else
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
        cur=${words[cword]}
        prev=${words[cword - 1]}
    fi
    COMPREPLY=()
    _npy_tool_program=${words[0]}
    local IFS=$' \t\n'
    local commands="info check convert export stats render find print diff recover envelope density thumbnail"

    if ((cword == 1)); then
        COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
        return
    fi
    local command=${words[1]}

    # The files named so far (words after the command that are neither options nor option values).
    local -a files=()
    local i w
    for ((i = 2; i < cword; i++)); do
        w=${words[i]}
        case $w in
            --member | --png | --slice | --frame | --sheet | --start | --rgb | --channels-axis | --colormap | \
                --range | --scale | --size | --reduce | --field | --eq | --tol | --ne | --lt | --le | --gt | \
                --ge | --between | --limit | --rtol | --atol | --column | --bins | --x | --y | --out | \
                --outdir | --csv | --level | --only | --drop | --rename | --astype | --casting | --reshape | \
                --transpose | --order)
                ((i++))
                ;;
            --count)
                [[ $command == diff ]] && ((i++))
                ;;
            -*) ;;
            *) files+=("$w") ;;
        esac
    done

    case $prev in
        --member | --x | --y | --only | --drop | --rename | --reshape | --transpose)
            [[ ${#files[@]} -gt 0 && $cur != *=* ]] && _npy_tool_members "$cur" "${files[0]}"
            return
            ;;
        --astype)
            if [[ $cur == *=* ]]; then
                local types="bool int8 int16 int32 int64 uint8 uint16 uint32 uint64 float16 float32 float64
                             complex64 complex128 i1 i2 i4 i8 u1 u2 u4 u8 f2 f4 f8 c8 c16 S U"
                local t
                for t in $types; do
                    [[ ${cur%%=*}=$t == "$cur"* ]] && COMPREPLY+=("${cur%%=*}=$t")
                done
            elif [[ ${#files[@]} -gt 0 ]]; then
                _npy_tool_members "$cur" "${files[0]}"
            fi
            return
            ;;
        --casting)
            COMPREPLY=($(compgen -W "no equiv safe same_kind unsafe" -- "$cur"))
            return
            ;;
        --order)
            COMPREPLY=($(compgen -W "C F" -- "$cur"))
            return
            ;;
        --png)
            _npy_tool_files "$cur" 'png|PNG'
            return
            ;;
        --csv)
            _npy_tool_files "$cur" 'csv'
            return
            ;;
        --out)
            _npy_tool_files "$cur" 'npy'
            return
            ;;
        --outdir)
            COMPREPLY=($(compgen -d -- "$cur"))
            compopt -o nospace -o filenames 2>/dev/null
            return
            ;;
        --colormap)
            local maps="viridis magma inferno plasma cividis turbo gray coolwarm"
            COMPREPLY=($(compgen -W "$maps $(printf '%s_r ' $maps)" -- "$cur"))
            return
            ;;
        --range)
            [[ $command == render ]] && COMPREPLY=($(compgen -W "minmax p1-99 p0.1-99.9 sym" -- "$cur"))
            return
            ;;
        --scale)
            COMPREPLY=($(compgen -W "linear log sqrt" -- "$cur"))
            return
            ;;
        --reduce)
            COMPREPLY=($(compgen -W "mean max min absmax stride" -- "$cur"))
            return
            ;;
        --rgb)
            COMPREPLY=($(compgen -W "auto on off" -- "$cur"))
            return
            ;;
        --level)
            COMPREPLY=($(compgen -W "fast default best" -- "$cur"))
            return
            ;;
        --slice | --frame | --sheet | --start | --channels-axis | --size | --field | --eq | --tol | --ne | \
            --lt | --le | --gt | --ge | --between | --limit | --rtol | --atol | --column | --bins)
            return
            ;;
        --count)
            [[ $command == diff ]] && return
            ;;
    esac

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_npy_tool_options "$command")" -- "$cur"))
        return
    fi
    case $command in
        thumbnail)
            case ${#files[@]} in
                0) _npy_tool_files "$cur" 'npy|npz' ;;
                1) _npy_tool_files "$cur" 'png|PNG' ;;
                2) COMPREPLY=($(compgen -W "128 256 512 1024" -- "$cur")) ;;
            esac
            ;;
        convert | diff | recover)
            ((${#files[@]} < 2)) && _npy_tool_files "$cur" 'npy|npz'
            ;;
        *)
            ((${#files[@]} < 1)) && _npy_tool_files "$cur" 'npy|npz'
            ;;
    esac
}
complete -F _npy_tool npy-tool
