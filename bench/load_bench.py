"""HTTP load on a served sample: throughput and p50/p99 latency of `/search` and `/ask` (and `/health` as baseline).

Ingests the shipped sample into a fresh data directory (embedding model: the ``model`` setting, so
the served search is the real one unless told otherwise), starts `saksgraf serve` on a free port in
its own process, and drives it from this process with N client threads, each on one keep-alive
connection, for a fixed time per run. Each (endpoint, concurrency) cell is run ``--runs`` times; the
table shows the median run. ``/health`` is the floor: what one request costs the server with no work.

    python -m bench load_bench                       # e5 (the default model), 1 and 4 clients
    python -m bench load_bench --model hashing       # search cost without the neural encoder
    python -m bench.load_bench --data-dir saksgraf-data --seconds 10 --clients 1,4,16
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from .common import table

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"

# What a journalist or planner would type: paraphrases, not the documents' words.
SEARCH_QUERIES = [
    "tilgjengelighet i skolebygg for elever med funksjonsnedsettelse",
    "hva sa eldrerådet om planen",
    "etter- og videreutdanning for lærere",
    "boliger til personer med nedsatt funksjonsevne",
    "tilhørighet og inkludering for barn og unge",
    "økonomiske konsekvenser for kommunen",
    "høringsinnspill fra ungdomsrådet",
    "21/21815",
]
QUESTIONS = [
    "Hvilke organer uttalte seg om På lik linje?",
    "Which bodies commented on På lik linje?",
    "Kva organ uttalte seg om På lik linje?",
    "Hvor er sak 21/21815 i saksgangen?",
    "Hvilke saker gjelder Å høre til?",
    "Hva bidrar til bærekraftsmål 17?",
]
ENDPOINTS = {
    "health": lambda q: "/health",
    "search": lambda q: "/search?" + urllib.parse.urlencode({"q": q, "k": 10}),
    "ask": lambda q: "/ask?" + urllib.parse.urlencode({"q": q}),
}


def prepare(data_dir: Path, model: str | None) -> None:
    """Ingest the sample with graph and search index, as `saksgraf ingest` does."""
    from graph.store import open_graph_store
    from graph.sync import sync_graph
    from ingest import Store, ingest_paths
    from search import update_index

    with Store.open(data_dir) as store:
        report = ingest_paths([SAMPLE], store)
        if not report.ok:
            raise SystemExit(f"ingest failed: {report.to_dict()}")
        with open_graph_store(data_dir) as graph_store:
            sync_graph(store, graph_store)
            update_index(data_dir, store, model, graph=graph_store)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir: Path, env: dict[str, str]) -> tuple[subprocess.Popen, int]:
    """`saksgraf serve` on a free port; returns once /health answers."""
    port = _free_port()
    exe = Path(sys.executable).with_name("saksgraf")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "api.cli"]
    proc = subprocess.Popen(
        [*cmd, "--data-dir", str(data_dir), "serve", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("the server exited while starting")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                conn.close()
                return proc, port
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not answer /health within 120 s")


def warm_up(port: int, passes: int = 3) -> None:
    """Each query a few times, so that loading the index, the model and the graph is not measured
    (the encoder's first calls on each input shape are many times slower than the later ones)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    for name, texts in (("search", SEARCH_QUERIES), ("ask", QUESTIONS)):
        for text in texts * passes:
            conn.request("GET", ENDPOINTS[name](text))
            resp = conn.getresponse()
            body = resp.read()
            if resp.status != 200:
                raise SystemExit(f"warm-up {name} {text!r}: HTTP {resp.status} {body[:300]!r}")
    conn.close()


def load_run(port: int, endpoint: str, clients: int, seconds: float) -> dict:
    """``clients`` threads, each on its own keep-alive connection, for ``seconds``: requests/s and latencies."""
    texts = QUESTIONS if endpoint == "ask" else SEARCH_QUERIES
    make = ENDPOINTS[endpoint]
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine, bad = [], 0
        cycle = itertools.islice(itertools.cycle(texts), offset, None)
        start.wait()
        while time.perf_counter() < stop_at[0]:
            t0 = time.perf_counter()
            try:
                conn.request("GET", make(next(cycle)))
                resp = conn.getresponse()
                resp.read()
                ok = resp.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            mine.append(time.perf_counter() - t0)
            bad += not ok
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    stop_at[0] = time.perf_counter() + seconds
    began = time.perf_counter()
    start.wait()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors[0],
        "rps": len(latencies) / elapsed,
        "p50_ms": 1000 * _quantile(latencies, 0.50),
        "p99_ms": 1000 * _quantile(latencies, 0.99),
    }


def _quantile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench load_bench", description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=None, help="Serve this data directory instead of ingesting the sample.")
    parser.add_argument("--model", default=None, help="Embedding model for the sample's index (default: the model setting).")
    parser.add_argument("--clients", default="1,4", help="Comma-separated concurrency levels (default 1,4).")
    parser.add_argument("--seconds", type=float, default=5.0, help="Length of each run (default 5).")
    parser.add_argument("--runs", type=int, default=3, help="Runs per cell; the median run is shown (default 3).")
    parser.add_argument("--endpoints", default="health,search,ask", help="Which of health, search, ask (default all).")
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON too.")
    args = parser.parse_args(argv if argv is not None else [])
    clients = [int(c) for c in args.clients.split(",") if c.strip()]
    endpoints = [e.strip() for e in args.endpoints.split(",") if e.strip()]
    unknown = set(endpoints) - set(ENDPOINTS)
    if unknown:
        parser.error(f"unknown endpoint(s): {', '.join(sorted(unknown))}")

    env = dict(os.environ)
    if args.model:
        env["SAKSGRAF_MODEL"] = args.model
        os.environ["SAKSGRAF_MODEL"] = args.model
    from search.settings import MODEL

    with tempfile.TemporaryDirectory(prefix="saksgraf-load-") as tmp:
        data_dir = args.data_dir
        if data_dir is None:
            data_dir = Path(tmp) / "data"
            t0 = time.perf_counter()
            prepare(data_dir, MODEL.value(args.model))
            print(f"ingested the sample with model {MODEL.value(args.model)} in {time.perf_counter() - t0:.1f} s", flush=True)
        proc, port = start_server(data_dir, env)
        try:
            warm_up(port)
            results = {}
            for endpoint in endpoints:
                for n in clients:
                    runs = [load_run(port, endpoint, n, args.seconds) for _ in range(args.runs)]
                    results[(endpoint, n)] = sorted(runs, key=lambda r: r["rps"])[len(runs) // 2] | {
                        "rps_runs": [round(r["rps"], 1) for r in runs]}
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()

    cores = os.cpu_count()
    print(f"\nHTTP load, one uvicorn process, client threads in another process, {cores} CPU cores, "
          f"model {MODEL.value(args.model)}; median of {args.runs} runs of {args.seconds:g} s")
    rows = []
    for (endpoint, n), r in results.items():
        base = results.get(("health", n))
        ratio = f"{base['rps'] / r['rps']:.1f}×" if base and r["rps"] else "–"
        rows.append([f"/{endpoint}", n, r["requests"], r["errors"], round(r["rps"], 1), round(r["p50_ms"], 1),
                     round(r["p99_ms"], 1), ratio])
    print(table(["endpoint", "clients", "requests", "errors", "req/s", "p50 ms", "p99 ms", "cost vs /health"], rows))
    out = {f"{e}@{n}": r for (e, n), r in results.items()}
    if args.json:
        print(json.dumps(out, indent=2))
    return out


if __name__ == "__main__":
    main(sys.argv[1:])
