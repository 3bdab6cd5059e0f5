#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer on this machine: starts them when installed but
# stopped, installs them from Debian packages when run as root on Debian/Ubuntu and they
# are missing, and otherwise stops saying exactly what to install.
set -euo pipefail

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || pg_isready -q 2>/dev/null; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }
is_debian_root() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; }
apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! command -v msgfmt >/dev/null; then
  if is_debian_root; then apt_install gettext; else echo "gettext (msgfmt) is missing: sudo apt-get install gettext" >&2; exit 1; fi
fi

# WeasyPrint (PDF exports) renders text through Pango; the consent form in Arabic and
# Farsi needs a font with Arabic glyphs (DejaVu Sans has them, and Cyrillic too).
if ! ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so'; then
  if is_debian_root; then apt_install libpango-1.0-0 libpangoft2-1.0-0; else echo "Pango is missing (WeasyPrint): sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0" >&2; exit 1; fi
fi
if [ -z "$(fc-list :lang=ar 2>/dev/null)" ]; then
  if is_debian_root; then apt_install fontconfig fonts-dejavu-core; else echo "No font with Arabic glyphs (PDF exports): sudo apt-get install fonts-dejavu-core" >&2; exit 1; fi
fi

wait_for() {  # wait_for NAME CHECK
  for _ in $(seq 1 30); do "$2" && return 0; sleep 1; done
  echo "ensure-services: $1 did not come up within 30 s" >&2
  return 1
}

if ! pg_up; then
  if ! command -v pg_ctlcluster >/dev/null && ! command -v pg_ctl >/dev/null; then
    if is_debian_root; then
      echo "ensure-services: installing PostgreSQL from Debian packages"
      apt_install postgresql postgresql-contrib
    else
      echo "PostgreSQL is not installed. Install PostgreSQL 15 or newer (Debian/Ubuntu:" >&2
      echo "  sudo apt-get install postgresql postgresql-contrib), or set DATABASE_URL." >&2
      exit 1
    fi
  fi
  if command -v pg_ctlcluster >/dev/null; then
    if [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
      echo "ensure-services: no PostgreSQL cluster found; create one with pg_createcluster" >&2
      exit 1
    fi
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    echo "ensure-services: starting PostgreSQL $version"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  fi
  wait_for PostgreSQL pg_up
  # A fresh Debian install only knows the 'postgres' role: give root one of its own.
  if [ "$(id -u)" = 0 ] && ! psql -d postgres -tAc 'select 1' >/dev/null 2>&1; then
    su postgres -c "psql -qc \"CREATE ROLE root SUPERUSER LOGIN\"" || true
  fi
fi

if ! redis_up; then
  if ! command -v redis-server >/dev/null; then
    if is_debian_root; then
      echo "ensure-services: installing Redis from Debian packages"
      apt_install redis-server
    else
      echo "Redis is not installed. Install Redis 7 (Debian/Ubuntu: sudo apt-get install" >&2
      echo "  redis-server), or set REDIS_URL." >&2
      exit 1
    fi
  fi
  echo "ensure-services: starting Redis"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  dir=/var/lib/redis; [ -w "$dir" ] || dir=$(mktemp -d)
  log=/var/log/redis/ci.log; [ -w "$(dirname "$log")" ] || log="$dir/redis.log"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" \
    --appendonly no --dir "$dir" --logfile "$log"
  wait_for Redis redis_up
fi
echo "ensure-services: PostgreSQL and Redis are up"
