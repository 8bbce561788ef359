# shellcheck shell=bash
# Helpers for ../shared/bench/run-anchors.sh, used by router-anchors.sh when the shared harness comes
# without its lib/common.sh (its .gitignore drops lib/ folders). Same contract as the README there describes:
# start_bg / stop_all by PID (never by name, only while /proc/<pid>/cmdline still holds the recorded
# fragment), port checks, and /proc CPU accounting. Sourced, not run.

CLK_TCK=$(getconf CLK_TCK)

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

java_bin() { command -v java; }

prepare_run_dir() { # RUN_DIR for pids, logs and generated configs; stops leftovers of a killed run
    RUN_DIR=${RUN_DIR:-/tmp/frontrouter-bench}
    mkdir -p "$RUN_DIR"
    PIDS_FILE=$RUN_DIR/pids
    if [[ -s $PIDS_FILE ]]; then
        log "stopping leftovers of an earlier run"
        stop_all
    fi
    : > "$PIDS_FILE"
}

start_bg() { # NAME FRAGMENT -- COMMAND...   (log in $RUN_DIR/NAME.log)
    local name=$1 fragment=$2
    shift 2
    [[ $1 == -- ]] && shift
    "$@" > "$RUN_DIR/$name.log" 2>&1 &
    echo "$name $! $fragment" >> "$PIDS_FILE"
}

pid_of() { awk -v n="$1" '$1 == n {p = $2} END {print p}' "$PIDS_FILE"; }

owned() { # PID FRAGMENT: is PID still the process we started?
    [[ -r /proc/$1/cmdline ]] || return 1
    [[ -z $2 ]] && return 0
    tr '\0' ' ' < "/proc/$1/cmdline" 2> /dev/null | grep -qF -- "$2"
}

stop_all() { # reverse start order: TERM, then KILL after 5 s
    [[ -n ${PIDS_FILE:-} && -s $PIDS_FILE ]] || return 0
    local lines name pid fragment i t
    mapfile -t lines < "$PIDS_FILE"
    for ((i = ${#lines[@]} - 1; i >= 0; i--)); do
        read -r name pid fragment <<< "${lines[$i]}"
        [[ -n $pid ]] && owned "$pid" "$fragment" || continue
        kill -TERM "$pid" 2> /dev/null || true
        for ((t = 0; t < 50; t++)); do owned "$pid" "$fragment" || break; sleep 0.1; done
        owned "$pid" "$fragment" && kill -KILL "$pid" 2> /dev/null || true
    done
    : > "$PIDS_FILE"
}

port_open() { (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }

port_free_or_die() {
    local p
    for p in "$@"; do port_open "$p" && die "port $p is already in use; nothing started"; done
    return 0
}

wait_port() { # PORT SECONDS NAME
    local i
    for ((i = 0; i < $2 * 10; i++)); do port_open "$1" && return 0; sleep 0.1; done
    die "$3 did not listen on $1 within $2 s; log: $RUN_DIR/$3.log"
}

build_java() { # DIR below BENCH_DIR: mvn compile when sources are newer than the classes
    local dir=$BENCH_DIR/$1
    if [[ ! -d $dir/target/classes ]] || [[ -n $(find "$dir/src" "$dir/pom.xml" -newer "$dir/target/classes" -print -quit) ]]; then
        (cd "$dir" && mvn -B -q -Dstyle.color=never compile) || die "build of $1 failed"
    fi
}

cpu_ticks() { # PIDS... -> "utime stime" in clock ticks, summed over the processes and their children
    local all=("$@") p
    for p in "$@"; do
        all+=($(ps -o pid= --ppid "$p" 2> /dev/null))
    done
    for p in "${all[@]}"; do cat "/proc/$p/stat" 2> /dev/null; done |
        awk '{sub(/.*\) /, ""); u += $12; s += $13} END {print u + 0, s + 0}'
}

sys_ticks() { # -> "busy steal total" from /proc/stat
    awk '/^cpu / {t = $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9; print t - $5 - $6, $9, t}' /proc/stat
}
