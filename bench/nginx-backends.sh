# Sourced by the paired benchmarks: starts the harness's nginx backends (conf/nginx-backend.conf, 200-byte bodies
# saying "served by nodeN", X-Node: nodeN) on two ports, in the foreground of a background job whose PID is appended
# to the caller's PIDS array (the caller stops it by PID).
#
#   start_nginx_backends WORK_DIR PORT1 PORT2      # needs HARNESS (the shared bench directory)
start_nginx_backends() {
    local w=$1 p1=$2 p2=$3
    body() { local pre="<html><head><title>bench</title></head><body><p>served by $1</p><p>" post="</p></body></html>"
        printf '%s%s%s' "$pre" "$(head -c $((200 - ${#pre} - ${#post})) /dev/zero | tr '\0' x)" "$post"; }
    mkdir -p "$w/tmp"
    sed -e "s#@RUN_DIR@#$w#g" -e "s#@PORT_BE1@#$p1#g" -e "s#@PORT_BE2@#$p2#g" -e "s#nginx-backend-tmp#tmp#g" \
        -e "s#@BODY_NODE1@#$(body node1)#g" -e "s#@BODY_NODE2@#$(body node2)#g" \
        "$HARNESS/conf/nginx-backend.conf" > "$w/nginx.conf"
    nginx -c "$w/nginx.conf" -g 'daemon off;' > "$w/nginx.log" 2>&1 &
    PIDS+=($!)
}
