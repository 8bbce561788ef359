#!/usr/bin/env python3
"""Router vs anchors from run-anchors.sh raw.csv files: medians over rounds and medians of per-round ratios
(router / haproxy-sticky, router / jetty-handler) for proxy CPU us/request and req/s.
Usage: router-ratios.py raw.csv [raw2.csv ...]   (several files = pooled rounds)"""
import csv, statistics, sys
rows=[]
off=0
for p in sys.argv[1:]:
    rs=list(csv.DictReader(open(p))); mx=0
    for r in rs:
        r['round']=int(r['round'])+off; mx=max(mx,r['round']-off); rows.append(r)
    off+=mx
by={}
for r in rows: by.setdefault(r['scenario'],{})[r['round']]=r
def med(x): return statistics.median(x) if x else float('nan')
for suffix in ['', '-close']:
    R=by.get('router'+suffix,{}); H=by.get('haproxy-sticky'+suffix,{}); J=by.get('jetty-handler'+suffix,{})
    rounds=sorted(set(R)&set(H)&set(J))
    us=lambda d,k: float(d[k]['proxy_us_per_req']); rps=lambda d,k: float(d[k]['rps'])
    print(f"scenario router{suffix}: rounds={len(rounds)}")
    print(f"  median us/req: router {med([us(R,k) for k in rounds]):.1f}  haproxy-sticky {med([us(H,k) for k in rounds]):.1f}  jetty-handler {med([us(J,k) for k in rounds]):.1f}")
    print(f"  median req/s:  router {med([rps(R,k) for k in rounds]):.0f}  haproxy-sticky {med([rps(H,k) for k in rounds]):.0f}  jetty-handler {med([rps(J,k) for k in rounds]):.0f}")
    print(f"  per-round ratio medians: us/req router/haproxy {med([us(R,k)/us(H,k) for k in rounds]):.2f}  router/jetty-handler {med([us(R,k)/us(J,k) for k in rounds]):.2f}")
    print(f"                           req/s  router/haproxy {med([rps(R,k)/rps(H,k) for k in rounds]):.2f}  router/jetty-handler {med([rps(R,k)/rps(J,k) for k in rounds]):.2f}")
