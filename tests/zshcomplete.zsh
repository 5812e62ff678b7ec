# Asks zsh's completion system what it offers for a command line, as a user pressing Tab gets it (tst_completion).
#   zsh -f tests/zshcomplete.zsh COMPLETION_DIR WORD...
# Starts an interactive zsh on a pseudo-terminal (zsh/zpty) with COMPLETION_DIR first in $fpath and compinit run,
# types the words (the last one is the word being completed, possibly empty) and a key bound to a widget that runs
# the completion, and prints the matches the completion functions added, one a line, sorted, without duplicates.
# compadd is wrapped in the child shell so that each match added is also written to the terminal, marked.
zmodload zsh/zpty || exit 2
compdir=$1
shift
line="$*"

zpty shell zsh -f -i || exit 2

# Reads the terminal until $1 shows (at most 20 s); the text read is left in REPLY.
read_until()
{
  local chunk text= start=$SECONDS
  while (( SECONDS - start < 20 )); do
    if zpty -r -t shell chunk 2>/dev/null; then
      text+=$chunk
    else
      sleep 0.05
    fi
    [[ $text == *$1* ]] && break
  done
  REPLY=$text
}

zpty -w shell "PS1='' RPROMPT=''; fpath=(${(q)compdir} \$fpath); autoload -Uz compinit; compinit -u -D"
# Calls that only ask for matches (-O, -A, -D) are passed on as they are; the others also print what they add.
zpty -w shell 'compadd() {
  local -a added
  if [[ " $* " == *" -"[OAD]" "* ]]; then builtin compadd "$@"; return; fi
  builtin compadd -O added "$@"
  (( $#added )) && print -rl -- "<<match>>"${^added} >/dev/tty
  builtin compadd "$@"
}'
# Ctrl+T completes the line, then marks the end of what the completion wrote.
zpty -w shell 'zle -C probe-complete complete-word _main_complete
probe() { zle probe-complete; print -r -- "<<done"">>" >/dev/tty; }
zle -N probe; bindkey "^T" probe'
zpty -w shell 'print -r -- "<<ready"">>"'
read_until '<<ready>>'
zpty -w -n shell "$line"$'\C-t'
read_until '<<done>>'
text=$REPLY
zpty -d shell
[[ $text == *'<<done>>'* ]] || { print -u2 "zshcomplete: no answer for: $line"; exit 1; }
print -rl -- ${(u)${(o)${${(M)${(f)text//$'\r'/}:#*<<match>>*}#*<<match>>}}}
