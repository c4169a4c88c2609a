#!/usr/bin/env bash
# The belfry binary from outside: seed, user add (password on stdin), token create, audit verify,
# and tampering with one audit row making `audit verify` fail and name the entry; moderation eval
# and train.
set -euo pipefail
bin="$1"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
db="sqlite:$tmp/cli.sqlite"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$bin" version | grep -q '^belfry ' || fail "version"
"$bin" migrate --database "$db" | grep -q 'applied 9 migration' || fail "migrate"
"$bin" seed demo --database "$db" | grep -q 'demo loaded: 22 organisations' || fail "seed demo"
"$bin" seed demo --database "$db" | grep -q 'not loaded again' || fail "seed demo is idempotent"
echo "a long enough password" | "$bin" user add --database "$db" --username ops --display-name "Ops Person" \
  --role administrator | grep -q 'user ops created' || fail "user add"
if echo "short" | "$bin" user add --database "$db" --username ops2 --display-name "X" 2>"$tmp/err"; then
  fail "a short password was accepted"
fi
grep -q 'at least 12 characters' "$tmp/err" || fail "short password message: $(cat "$tmp/err")"
token="$("$bin" token create --database "$db" --user ops --name automation)"
[[ "$token" == bfy_* ]] || fail "token create printed '$token'"
sqlite3 "$tmp/cli.sqlite" "SELECT COUNT(*) FROM api_tokens WHERE token_hash LIKE 'bfy_%'" | grep -qx 0 ||
  fail "token stored in clear"

"$bin" audit verify --database "$db" | grep -q 'audit chain intact' || fail "audit verify on a clean chain"
# Tamper: change what entry 5 says happened.
sqlite3 "$tmp/cli.sqlite" "UPDATE audit_log SET actor_name = 'mallory' WHERE seq = 5"
if "$bin" audit verify --database "$db" >"$tmp/out"; then fail "tampered chain passed verification"; fi
grep -q 'BROKEN at entry 5' "$tmp/out" || fail "verify did not name entry 5: $(cat "$tmp/out")"
# Unknown configuration keys are refused by name.
printf 'listen = "127.0.0.1:0"\nlisten_port = 3\n' > "$tmp/bad.toml"
if "$bin" --config "$tmp/bad.toml" migrate --database "$db" 2>"$tmp/err"; then fail "unknown config key accepted"; fi
grep -q "unknown key 'listen_port'" "$tmp/err" || fail "config error: $(cat "$tmp/err")"
# The moderation rules measured on a labelled file: the last line is the macro F1.
printf 'label\tlanguage\ttext\nok\tfr\tMerci\ninsult\tfr\tc0nn4rd\npersonal_data\tnl\tbel 0475 12 34 56\n' > "$tmp/l.tsv"
"$bin" moderation eval "$tmp/l.tsv" | tail -1 | grep -qx 'macro F1 1.00' || fail "moderation eval: $("$bin" moderation eval "$tmp/l.tsv")"
"$bin" moderation eval --binary "$tmp/l.tsv" | tail -1 | grep -qx 'binary precision 1.00 recall 1.00 F1 1.00' ||
  fail "moderation eval --binary: $("$bin" moderation eval --binary "$tmp/l.tsv")"
# The classifier: trained on the project's labelled set, then measured with the rules on the held-out set.
sets="$(cd "$(dirname "$0")/../moderation" && pwd)"
"$bin" moderation train "$sets/labelled.tsv" --out "$tmp/model.bin" >"$tmp/out" || fail "moderation train: $(cat "$tmp/out")"
grep -q '^205 examples: discrimination 16 insult 30 ok 98 ' "$tmp/out" || fail "train counts: $(cat "$tmp/out")"
grep -qx "model written to $tmp/model.bin" "$tmp/out" || fail "train output: $(cat "$tmp/out")"
"$bin" moderation eval "$sets/heldout.tsv" --model "$tmp/model.bin" | tail -1 | grep -qx 'macro F1 1.00' ||
  fail "moderation eval --model: $("$bin" moderation eval "$sets/heldout.tsv" --model "$tmp/model.bin")"
if "$bin" moderation train "$tmp/l.tsv" --out "$tmp/small.bin" >/dev/null 2>"$tmp/err"; then fail "trained on 3 lines"; fi
grep -q 'needs at least 20 decisions' "$tmp/err" || fail "train error: $(cat "$tmp/err")"
[ ! -e "$tmp/small.bin" ] || fail "a failed training wrote a model"
if "$bin" moderation eval "$tmp/l.tsv" --model "$tmp/none.bin" 2>"$tmp/err"; then fail "eval with a missing model"; fi
grep -q "no model at $tmp/none.bin" "$tmp/err" || fail "missing model error: $(cat "$tmp/err")"
printf 'rude\tfr\tx\n' > "$tmp/bad.tsv"
if "$bin" moderation eval "$tmp/bad.tsv" 2>"$tmp/err"; then fail "moderation eval accepted an unknown label"; fi
grep -q "unknown label 'rude'" "$tmp/err" || fail "moderation eval error: $(cat "$tmp/err")"
echo "cli: all checks passed"
