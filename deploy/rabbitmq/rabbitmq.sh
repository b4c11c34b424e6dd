#!/usr/bin/env bash
# Installs (Debian's rabbitmq-server), starts and stops a loopback-only RabbitMQ broker for development and CI.
#   deploy/rabbitmq/rabbitmq.sh install|start|stop|status
# Needs root for install and start (it runs the broker as the rabbitmq user). No systemd is assumed.
set -euo pipefail
pidfile=/var/lib/rabbitmq/mnesia/fhirnoteservice.pid

install() {
  if command -v rabbitmq-server >/dev/null 2>&1; then return 0; fi
  # Keep dpkg from starting a broker on all interfaces while installing.
  local created_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && created_policy=1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends rabbitmq-server >/dev/null
  if [ "$created_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
}

configure() {
  mkdir -p /etc/rabbitmq
  cat >/etc/rabbitmq/rabbitmq.conf <<'CONF'
listeners.tcp.default = 127.0.0.1:5672
loopback_users = none
CONF
  cat >/etc/rabbitmq/rabbitmq-env.conf <<'CONF'
NODENAME=rabbit@localhost
SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
export ERL_EPMD_ADDRESS=127.0.0.1
CONF
}

running() { rabbitmqctl -q status >/dev/null 2>&1; }

start() {
  install
  if running; then echo "RabbitMQ already running"; return 0; fi
  configure
  mkdir -p /var/lib/rabbitmq/mnesia /var/log/rabbitmq
  # A broker that was killed leaves its pid file behind; 'wait' must not read the dead pid.
  rm -f "$pidfile"
  chown -R rabbitmq:rabbitmq /var/lib/rabbitmq /var/log/rabbitmq
  su rabbitmq -s /bin/sh -c "HOME=/var/lib/rabbitmq ERL_EPMD_ADDRESS=127.0.0.1 RABBITMQ_PID_FILE=$pidfile nohup /usr/sbin/rabbitmq-server >/var/log/rabbitmq/console.log 2>&1 &"
  # 'wait' returns once the broker accepts connections, which a ping does ~3 s earlier.
  timeout 90 rabbitmqctl wait --timeout 60 "$pidfile" >/dev/null
  echo "RabbitMQ ready on 127.0.0.1:5672"
}

stop() {
  if running; then rabbitmqctl -q stop >/dev/null 2>&1 || true; fi
  # epmd (the Erlang port mapper the broker started) is asked to stop itself, not looked up by name.
  su rabbitmq -s /bin/sh -c "ERL_EPMD_ADDRESS=127.0.0.1 epmd -kill" >/dev/null 2>&1 || true
  echo "RabbitMQ stopped"
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  status) if running; then echo up; else echo down; exit 1; fi ;;
  *) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
esac
