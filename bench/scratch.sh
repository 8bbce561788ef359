# Sourced by the bench scripts that start their own throwaway servers (stores.sh, manager.sh): a scratch
# directory removed on exit, the PIDs to kill on exit, and free-port helpers. Usage:
#   . bench/scratch.sh NAME   # from the repository root; sets $work (/tmp/limpet-NAME-XXXXXX) and $pids, traps EXIT
#   port=$(free_port); server ... & pids+=($!); await_port server "$port"

work=$(mktemp -d "/tmp/limpet-$1-XXXXXX")
pids=()
scratch_name=$1
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A free TCP port on 127.0.0.1 (the kernel's choice; a race with other processes is possible but unlikely).
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Waits up to 10 s for a server to listen: await_port NAME PORT; exits the script if it does not.
await_port() {
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "$scratch_name.sh: $1 did not listen on port $2" >&2; exit 1
}
