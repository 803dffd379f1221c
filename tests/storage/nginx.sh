#!/usr/bin/env bash
# The HTTP store of the storage tests: Debian's nginx with its WebDAV module, on a free loopback
# port, everything (config, pid, logs, data) under one directory of the build tree.
#   nginx.sh start <dir>   writes <dir>/port once it listens
#   nginx.sh stop <dir>    ends the nginx whose pid <dir>/nginx.pid names
# /secure/ answers 401 unless the request carries `Authorization: Bearer s3cret-token`.
set -euo pipefail
action=$1
dir=$2
nginx=${TDM_NGINX:-/usr/sbin/nginx}

stop() {
  if [ -f "$dir/nginx.pid" ]; then
    pid=$(cat "$dir/nginx.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$dir/nginx.pid" "$dir/port"
  fi
}

write_conf() {
  local port=$1
  local user_line=""
  [ "$(id -u)" = 0 ] && user_line="user root;"  # workers write the data dir, owned by root
  cat > "$dir/nginx.conf" <<CONF
$user_line
daemon on;
pid $dir/nginx.pid;
error_log $dir/error.log;
worker_processes 1;
events { worker_connections 256; }
http {
  access_log $dir/access.log;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  server {
    listen 127.0.0.1:$port;
    root $dir/data;
    client_max_body_size 1g;
    dav_methods PUT DELETE MOVE;
    create_full_put_path on;
    dav_access user:rw group:rw all:r;
    autoindex on;
    autoindex_format json;
    location / { }
    location /secure/ {
      if (\$http_authorization != "Bearer s3cret-token") { return 401; }
    }
  }
}
CONF
}

case "$action" in
  start)
    stop
    mkdir -p "$dir/data" "$dir/tmp"
    rm -f "$dir/port"
    for _ in $(seq 20); do
      port=$((20000 + RANDOM % 20000))
      write_conf "$port"
      if "$nginx" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" 2>>"$dir/start.log"; then
        echo "$port" > "$dir/port"
        exit 0
      fi
      grep -q "Address already in use" "$dir/start.log" || { cat "$dir/start.log" >&2; exit 1; }
    done
    echo "nginx.sh: no free port after 20 tries" >&2
    exit 1 ;;
  stop) stop ;;
  *) echo "nginx.sh: start|stop <dir>" >&2; exit 2 ;;
esac
