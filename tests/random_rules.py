#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Random rule sets and probes for random.sh, the same for the same seed.

    random_rules.py SEED SETS PROBES DIR [FIRST [LAST]]

writes, for each set N from FIRST to LAST (default: all SETS of them),
DIR/N.rules (iptables-legacy-restore input) and DIR/N.pkts (probes for
pkt, in the format of verdict/README), and prints one line per set:
"N fresh" when the namespaces must be built afresh before set N (it uses
conntrack, or it starts a group of GROUP sets), "N" otherwise. The PROBES
probes are shared out evenly among the SETS sets. Each set is drawn from
its own generator, seeded by SEED and N, so any set can be made again
alone: `random_rules.py SEED SETS PROBES DIR N N`.

The rules use the matches and targets bpfilter compiles, with `!` where
iptables allows it. Many sets hold runs of 8 to 50 rules that differ only
in addresses and single ports (bpfilter makes them one hash or LPM-trie
lookup), some with keys that repeat or nest, some broken by other rules.
Most probes are built to match one rule: their fields are taken from it,
some then changed a little; the others are random. Probes take the
INPUT, FORWARD and OUTPUT paths of the topology of verdict/README.
"""
import random
import sys

# Sets of a group share the namespaces; a group starts afresh.
GROUP = 20
# Rules that may call one user chain.
MAX_CALLS = 12

CLI, FW_R1, FW_R2, SRV = 0x0a000102, 0x0a000101, 0x0a000201, 0x0a000202
LOCAL = [FW_R1, FW_R2]
LOOPBACK = 0x7f000001
BCAST1, BCAST2, LBCAST, MCAST = 0x0a0001ff, 0x0a0002ff, 0xffffffff, 0xe0000001
NET1, NET2 = 0x0a000100, 0x0a000200

TCP, UDP, ICMP = 6, 17, 1
OTHER_PROTOS = [47, 50, 103, 132, 253]
REJECT_WITH = ['icmp-net-unreachable', 'icmp-host-unreachable',
               'icmp-port-unreachable', 'icmp-proto-unreachable',
               'icmp-net-prohibited', 'icmp-host-prohibited',
               'icmp-admin-prohibited']
ICMP_TYPES = [0, 3, 4, 8, 11, 12, 13, 14, 17, 18, 40, 200]
TCP_FLAGS = 'FSRPAUEC'
FLAG_NAMES = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR']
CT_STATES = ['NEW', 'ESTABLISHED', 'RELATED', 'INVALID', 'UNTRACKED']
CT_STATUS = ['NONE', 'EXPECTED', 'SEEN_REPLY', 'ASSURED', 'CONFIRMED']
ADDR_TYPES = ['UNSPEC', 'UNICAST', 'LOCAL', 'BROADCAST', 'ANYCAST',
              'MULTICAST', 'BLACKHOLE', 'UNREACHABLE', 'PROHIBIT']
HOOKS = ['INPUT', 'FORWARD', 'OUTPUT']
HOSTS1 = [NET1 | h for h in range(2, 255)]
HOSTS2 = [NET2 | h for h in range(2, 255)]
# Each hook's paths: (weight, sender, in, out, destinations).
PATHS = {
    'INPUT': [(5, 'cli', 'r1', '', [FW_R1, FW_R2, BCAST1, LBCAST, MCAST]),
              (3, 'srv', 'r2', '', [FW_R2, FW_R1, BCAST2, LBCAST, MCAST]),
              (1, 'fw', 'lo', '', [LOOPBACK, FW_R1, FW_R2])],
    'FORWARD': [(5, 'cli', 'r1', 'r2', HOSTS2), (3, 'srv', 'r2', 'r1', HOSTS1),
                (1, 'cli', 'r1', 'r1', HOSTS1[1:]),
                (1, 'srv', 'r2', 'r2', HOSTS2[1:])],
    'OUTPUT': [(4, 'fw', '', 'r1', HOSTS1 + [BCAST1]),
               (4, 'fw', '', 'r2', HOSTS2),
               (1, 'fw', '', 'lo', [LOOPBACK, FW_R1, FW_R2])],
}
DEST_SETS = {id(p[4]): frozenset(p[4]) for h in PATHS.values() for p in h}
COMMON_PORTS = [22, 25, 53, 80, 123, 443, 8080, 40000]


def ip(a):
    return '%d.%d.%d.%d' % (a >> 24, a >> 16 & 255, a >> 8 & 255, a & 255)


def plen_mask(n):
    return (0xffffffff << (32 - n)) & 0xffffffff if n else 0


def bang(inv):
    return '! ' if inv else ''


class Spec:
    """An address with a mask (a prefix or not), maybe inverted."""

    def __init__(self, addr, mask, inv=False, text=None):
        self.mask = mask
        self.addr = addr & mask
        self.inv = inv
        self.text = text

    def has(self, a):
        return ((a & self.mask) == self.addr) != self.inv

    def arg(self):
        if self.text:
            return self.text
        m = self.mask
        n = bin(m).count('1')
        if plen_mask(n) == m:
            return '%s/%d' % (ip(self.addr), n)
        return '%s/%s' % (ip(self.addr), ip(m))

    def pick(self, rng):
        """An address the spec holds (or does not, when inverted)."""
        if not self.inv:
            return self.addr | (rng.getrandbits(32) & ~self.mask & 0xffffffff)
        for _ in range(20):
            a = rng.getrandbits(32)
            if rng.random() < 0.5:
                a = (self.addr & self.mask) ^ (1 << rng.randrange(32))
            if self.has(a):
                return a
        return self.addr ^ 0x80000000


class Gen:
    """One rule set and its probes."""

    def __init__(self, seed, index, nprobes):
        self.rng = random.Random('%s/%d' % (seed, index))
        self.index = index
        self.nprobes = nprobes
        self.rules = []
        self.chains = []
        self.policy = {}
        self.uses_ct = False
        self.nlog = 0
        self.comment_no = 0
        self.cache = {}
        self.calls = {}

    # ---- values ----

    def chance(self, p):
        return self.rng.random() < p

    def pick(self, seq):
        return self.rng.choice(seq)

    def weighted(self, pairs):
        """One of the values, by weight; a function is called once picked."""
        r = self.rng.random() * sum(w for w, _ in pairs)
        for w, v in pairs:
            r -= w
            if r < 0:
                break
        return v() if callable(v) else v

    def host(self, net):
        return net | self.rng.randrange(2, 255)

    def any_source(self):
        r = self.rng
        return self.weighted([
            (4, lambda: self.host(NET1)),
            (3, lambda: self.host(NET2)),
            (2, lambda: 0xc0a80000 | r.randrange(1, 0xffff)),
            (1, lambda: 0xac100000 | r.randrange(1, 0xfffff)),
            (1, lambda: 0x0a000000 | r.randrange(1, 0xffffff)),
            (1, lambda: 0xc6336400 | r.randrange(1, 255)),
        ])

    def forward_dest(self):
        return self.host(self.pick([NET1, NET2]))

    def rule_addr(self, chain, which):
        """An address a rule of CHAIN might name as source or destination."""
        local = lambda: self.pick(LOCAL)
        if which == 'd':
            if chain == 'INPUT':
                return self.weighted([(6, local),
                                      (1, lambda: self.pick([BCAST1, BCAST2,
                                                             MCAST])),
                                      (1, self.any_source)])
            if chain == 'OUTPUT':
                return self.weighted([(6, self.forward_dest),
                                      (2, lambda: self.pick(LOCAL +
                                                            [LOOPBACK])),
                                      (1, self.any_source)])
            if chain == 'FORWARD':
                return self.weighted([(8, self.forward_dest),
                                      (1, self.any_source)])
            return self.weighted([(5, self.forward_dest), (2, local),
                                  (1, self.any_source)])
        if chain == 'OUTPUT':
            return self.weighted([(5, lambda: self.pick(LOCAL + [LOOPBACK])),
                                  (2, self.any_source)])
        return self.any_source()

    def prefix_len(self):
        return self.weighted([(6, 32), (3, 24), (2, 16), (2, 28), (1, 30),
                              (1, 31), (1, 8), (1, 25), (1, 20), (1, 12)])

    def addr_spec(self, chain, which, inv_ok=True):
        a = self.rule_addr(chain, which)
        if self.chance(0.05):
            mask = self.pick([0xff00ff00, 0xffff00ff, 0xff0000ff, 0xfff0f000])
        else:
            mask = plen_mask(self.prefix_len())
        return Spec(a, mask, inv_ok and self.chance(0.15))

    def port(self):
        r = self.rng
        return self.weighted([(3, lambda: r.choice(COMMON_PORTS)),
                              (3, lambda: r.randrange(1, 1024)),
                              (2, lambda: r.randrange(1024, 65536)),
                              (1, lambda: r.choice([0, 1, 65535]))])

    def port_range(self, inv_ok=True):
        a = self.port()
        if self.chance(0.6):
            b = a
        elif self.chance(0.2):
            a, b = self.pick([(0, a), (a, 65535)])
        else:
            b = min(65535, a + self.rng.randrange(1, 3000))
        return (a, b, inv_ok and self.chance(0.15))

    @staticmethod
    def range_arg(r):
        lo, hi, _ = r
        return str(lo) if lo == hi else '%d:%d' % (lo, hi)

    # ---- rules ----

    def iface(self, chain, which):
        names = {'i': {'INPUT': ['r1', 'r2', 'lo'],
                       'FORWARD': ['r1', 'r2']},
                 'o': {'OUTPUT': ['r1', 'r2', 'lo'],
                       'FORWARD': ['r1', 'r2']}}[which]
        pool = names.get(chain, ['r1', 'r2', 'lo'])
        name = self.weighted([(6, self.pick(pool)), (2, 'r+'),
                              (1, self.pick(['eth0', 'c0', 'l+', 'r1x']))])
        return (name, self.chance(0.2))

    def tcp_flags(self):
        # iptables names FIN to URG only
        mask = self.rng.randrange(1, 64)
        comp = mask & self.rng.randrange(0, 64)
        return (mask, comp, self.chance(0.2))

    @staticmethod
    def flag_list(bits):
        if bits == 0:
            return 'NONE'
        if bits == 0x3f:
            return 'ALL'
        return ','.join(FLAG_NAMES[i] for i in range(8) if bits & (1 << i))

    def l4_match(self, proto, ports_only=False):
        m = {}
        if self.chance(0.5):
            m['sport'] = self.port_range()
        if self.chance(0.7) or 'sport' not in m:
            m['dport'] = self.port_range()
        if proto == TCP and not ports_only:
            if self.chance(0.2):
                m['flags'] = self.tcp_flags()
            elif self.chance(0.15):
                m['syn'] = self.chance(0.3)
            if self.chance(0.12):
                m['option'] = (self.pick([1, 2, 3, 4, 8, 5, 30, 254]),
                               self.chance(0.3))
        return ('tcp' if proto == TCP else 'udp', m)

    def icmp_match(self):
        if self.chance(0.1):
            return ('icmp', {'type': 255, 'inv': self.chance(0.3)})
        t = self.pick(ICMP_TYPES)
        m = {'type': t, 'inv': self.chance(0.2)}
        if self.chance(0.3):
            m['code'] = self.rng.randrange(0, 16)
        return ('icmp', m)

    def multiport(self):
        n = self.rng.randrange(1, 8)
        ports, used = [], 0
        for _ in range(n):
            lo = self.port()
            if self.chance(0.3) and used + 2 <= 15:
                hi = min(65535, lo + self.rng.randrange(1, 200))
                ports.append((lo, hi))
                used += 2
            elif used + 1 <= 15:
                ports.append((lo, lo))
                used += 1
        return ('multiport', {'dir': self.pick(['s', 'd', 'd', 'b']),
                              'ports': ports, 'inv': self.chance(0.2)})

    def iprange(self, chain):
        m = {}
        for k in self.pick([['s'], ['d'], ['s', 'd']]):
            a = self.rule_addr(chain, k)
            b = a + self.weighted([(3, self.rng.randrange(0, 16)),
                                   (1, self.rng.randrange(0, 1 << 16))])
            m[k] = (a, min(b, 0xffffffff), self.chance(0.2))
        return ('iprange', m)

    def mark_value(self):
        return self.weighted([(3, self.rng.randrange(0, 16)),
                              (1, self.rng.getrandbits(32))])

    def mark_match(self):
        v = self.mark_value()
        mask = self.weighted([(3, 0xffffffff), (2, 0xff),
                              (1, self.rng.getrandbits(32))])
        return ('mark', (v & mask, mask, self.chance(0.25)))

    def conntrack(self):
        self.uses_ct = True
        m = {}
        keys = self.rng.sample(['state', 'state', 'state', 'proto',
                                'origsrc', 'origdst', 'replsrc', 'repldst',
                                'origsrcport', 'origdstport', 'replsrcport',
                                'repldstport', 'status', 'dir'],
                               self.pick([1, 1, 1, 2, 3]))
        for k in keys:
            inv = self.chance(0.2)
            if k == 'state':
                m[k] = (self.rng.sample(CT_STATES + ['SNAT', 'DNAT'],
                                        self.pick([1, 1, 2, 3])), inv)
            elif k == 'proto':
                m[k] = (self.pick(['tcp', 'udp', 'icmp']), inv)
            elif k.endswith('port'):
                r = self.port_range(False)
                m[k] = (r[0], r[1], inv)
            elif k == 'status':
                m[k] = (self.rng.sample(CT_STATUS, self.pick([1, 1, 2])),
                        inv)
            elif k == 'dir':
                m[k] = self.pick(['ORIGINAL', 'REPLY'])
            else:
                which = 'd' if 'dst' in k else 's'
                s = self.addr_spec('FORWARD', which, False)
                s.inv = inv
                m[k] = s
        return ('conntrack', m)

    def state(self):
        self.uses_ct = True
        return ('state', (self.rng.sample(CT_STATES, self.pick([1, 1, 2])),
                          self.chance(0.2)))

    def addrtype(self, chain):
        m = {}
        for k in self.pick([['src'], ['dst'], ['dst'], ['src', 'dst']]):
            types = self.rng.sample(ADDR_TYPES[:6], self.pick([1, 1, 1, 2]))
            m[k] = (types, self.chance(0.2))
        if chain in ('INPUT', 'FORWARD') and self.chance(0.3):
            m['limit'] = 'in'
        elif chain in ('OUTPUT', 'FORWARD') and self.chance(0.3):
            m['limit'] = 'out'
        return ('addrtype', m)

    def other_match(self, chain, proto):
        """A match that is not tcp/udp/icmp."""
        choices = [(3, 'mark'), (2, 'comment'), (2, 'iprange'),
                   (2, 'length'), (2, 'ttl'), (2, 'pkttype'),
                   (2, 'addrtype'), (1, 'limit')]
        if proto in (TCP, UDP):
            choices.append((4, 'multiport'))
        if self.ct_ok:
            choices += [(2, 'conntrack'), (1, 'state')]
        k = self.weighted(choices)
        r = self.rng
        if k == 'mark':
            return self.mark_match()
        if k == 'comment':
            self.comment_no += 1
            return ('comment', 'c%d %s' % (self.comment_no,
                                           self.pick(['ssh', 'web', 'x'])))
        if k == 'iprange':
            return self.iprange(chain)
        if k == 'length':
            lo = r.randrange(20, 200)
            hi = lo if self.chance(0.4) else lo + r.randrange(1, 100)
            return ('length', (lo, hi, self.chance(0.2)))
        if k == 'ttl':
            op = self.pick(['eq', 'lt', 'gt'])
            v = self.weighted([(3, self.pick([63, 64, 65, 1, 2])),
                               (1, r.randrange(0, 256))])
            return ('ttl', (op, v, op == 'eq' and self.chance(0.3)))
        if k == 'pkttype':
            return ('pkttype', (self.pick(['unicast', 'broadcast',
                                           'multicast']),
                                self.chance(0.25)))
        if k == 'addrtype':
            return self.addrtype(chain)
        if k == 'limit':
            return ('limit', None)
        if k == 'multiport':
            return self.multiport()
        if k == 'conntrack':
            return self.conntrack()
        return self.state()

    def target(self, chain, rule, callees):
        """A target for RULE in CHAIN; CALLEES: chains it may jump to."""
        proto = rule.get('proto')
        choices = [(6, ('ACCEPT',)), (6, ('DROP',)), (3, 'REJECT'),
                   (1, ('RETURN',)), (2, None)]
        if self.nlog < 4:
            choices.append((2, 'LOG'))
        choices.append((2, 'MARK'))
        # Not too many rules call a chain (see
        # verdict/202-random-call-fanout).
        callees = [c for c in callees if self.calls.get(c, 0) < MAX_CALLS]
        if callees:
            choices += [(5, 'jump'), (2, 'goto')]
        t = self.weighted(choices)
        if t == 'REJECT':
            with_ = self.pick(REJECT_WITH)
            if proto == (TCP, False) and self.chance(0.5):
                with_ = 'tcp-reset'
            return ('REJECT', with_)
        if t == 'LOG':
            self.nlog += 1
            return ('LOG', 'S%d-R%d ' % (self.index, len(self.rules) + 1),
                    self.pick([4, 4, 5, 6, 7]),
                    [o for o in ['tcp-sequence', 'tcp-options', 'ip-options',
                                 'uid', 'macdecode'] if self.chance(0.2)])
        if t == 'MARK':
            op = self.pick(['set-mark', 'set-xmark', 'and-mark', 'or-mark',
                            'xor-mark', 'set-mark'])
            v = self.mark_value()
            mask = None
            if op in ('set-mark', 'set-xmark') and self.chance(0.5):
                mask = self.pick([0xff, 0xf0, 0xffff0000,
                                  self.rng.getrandbits(32)])
            return ('MARK', op, v, mask)
        if t in ('jump', 'goto'):
            c = self.pick(callees)
            self.calls[c] = self.calls.get(c, 0) + 1
            return (t, c)
        return t

    def random_rule(self, chain, callees):
        r = {'chain': chain, 'matches': []}
        if self.chance(0.35):
            r['src'] = self.addr_spec(chain, 's')
        if self.chance(0.35):
            r['dst'] = self.addr_spec(chain, 'd')
        if chain != 'OUTPUT' and self.chance(0.15):
            r['iif'] = self.iface(chain, 'i')
        if chain != 'INPUT' and self.chance(0.15):
            r['oif'] = self.iface(chain, 'o')
        proto = None
        if self.chance(0.7):
            proto = self.weighted([(5, TCP), (3, UDP), (2, ICMP),
                                   (1, self.pick(OTHER_PROTOS))])
            inv = self.chance(0.1)
            r['proto'] = (proto, inv)
            if not inv and proto in (TCP, UDP) and self.chance(0.6):
                r['matches'].append(self.l4_match(proto))
            elif not inv and proto == ICMP and self.chance(0.6):
                r['matches'].append(self.icmp_match())
            if inv:
                proto = None
        if self.chance(0.06):
            r['frag'] = self.chance(0.6)
        n = self.weighted([(5, 0), (4, 1), (2, 2), (1, 3)])
        for _ in range(n):
            m = self.other_match(chain, proto)
            if m[0] in ('multiport',) and any(x[0] == 'multiport'
                                              for x in r['matches']):
                continue
            r['matches'].append(m)
        if self.chance(0.2):
            self.rng.shuffle(r['matches'])
        if len(r) == 2 and not r['matches'] and self.chance(0.8):
            # A rule with no test at all ends the chain: rarely.
            r['src'] = self.addr_spec(chain, 's')
        r['target'] = self.target(chain, r, callees)
        return r

    # ---- runs of rules that differ in addresses and ports ----

    def run(self, chain, callees):
        """8-50 rules alike but for addresses and single ports."""
        rng = self.rng
        n = self.weighted([(4, rng.randrange(8, 16)),
                           (3, rng.randrange(16, 32)),
                           (2, rng.randrange(32, 51)),
                           (1, rng.randrange(4, 8))])
        base = {'chain': chain, 'matches': []}
        proto = self.weighted([(5, TCP), (3, UDP), (2, None)])
        fields = self.weighted([(3, ['d']), (3, ['s']), (3, ['dport']),
                                (2, ['s', 'dport']), (2, ['d', 'dport']),
                                (1, ['sport']), (1, ['s', 'd']),
                                (1, ['s', 'sport', 'dport']),
                                (1, ['d', 'sport'])])
        if proto is None:
            fields = [f for f in fields if f in ('s', 'd')] or ['s']
        base['proto'] = (proto, False) if proto else None
        if chain == 'INPUT' and 'd' in fields and self.chance(0.8):
            fields = ['s' if f == 'd' else f for f in fields]
            fields = sorted(set(fields))
        prefixed = self.weighted([(4, None), (2, 's'), (2, 'd'),
                                  (0.5, 'both')])
        # What the members share.
        for k in ('s', 'd'):
            if k not in fields and self.chance(0.25):
                base['src' if k == 's' else 'dst'] = self.addr_spec(chain, k,
                                                                    False)
        if chain != 'OUTPUT' and self.chance(0.15):
            base['iif'] = (self.pick(['r1', 'r2', 'r+']), False)
        if chain != 'INPUT' and self.chance(0.15):
            base['oif'] = (self.pick(['r1', 'r2', 'r+']), False)
        l4 = None
        if proto:
            l4 = {}
            for k in ('sport', 'dport'):
                if k not in fields and self.chance(0.25):
                    p = self.port()
                    l4[k] = (p, p, False)
            if proto == TCP and self.chance(0.2):
                l4['syn'] = False
            base['matches'].append(('tcp' if proto == TCP else 'udp', l4))
        if self.chance(0.25):
            m = self.weighted([(2, ('comment', 'run %d' % len(self.rules))),
                               (1, self.mark_match()),
                               (1, ('length', (0, rng.randrange(40, 1500),
                                               False)))])
            if self.chance(0.2):
                base['matches'].insert(0, m)
            else:
                base['matches'].append(m)
        tgt = self.weighted([(5, ('DROP',)), (4, ('ACCEPT',)),
                             (3, ('REJECT', self.pick(REJECT_WITH))),
                             (1, 'other')])
        if tgt == 'other':
            tgt = self.target(chain, base, callees)
        if proto == TCP and self.chance(0.15):
            tgt = ('REJECT', 'tcp-reset')
        base['target'] = tgt
        name = 'tcp' if proto == TCP else 'udp'
        keys = []
        for i in range(n):
            r = dict(base)
            key = {}
            # A key met before, or a prefix that nests with one.
            if keys and self.chance(0.04):
                key = dict(self.pick(keys))
            for f in fields:
                if f in key:
                    continue
                if f in ('s', 'd'):
                    a = self.rule_addr(chain, f)
                    plen = 32
                    if prefixed in (f, 'both') and self.chance(0.5):
                        plen = self.prefix_len()
                    if keys and f in keys[-1] and self.chance(0.03):
                        plen = self.pick([0, 8, 16])
                        a = keys[-1][f][0]
                    key[f] = (a & plen_mask(plen), plen_mask(plen))
                else:
                    key[f] = self.port()
                    if self.chance(0.02):
                        key[f] = None    # no port: any port
            keys.append(key)
            ports = dict(l4) if l4 is not None else None
            for f, v in key.items():
                if f in ('s', 'd'):
                    # /0 written out, or no address at all
                    if v[1] or self.chance(0.5):
                        r['src' if f == 's' else 'dst'] = Spec(v[0], v[1])
                elif v is not None:
                    ports[f] = (v, v, False)
            r['matches'] = [(name, ports) if l4 is not None and m[1] is l4
                            else m
                            for m in base['matches']]
            r['run'] = n
            self.rules.append(r)
            # Now and then another rule in between.
            if self.chance(0.03):
                self.rules.append(self.random_rule(chain, callees))

    # ---- the set ----

    def build(self):
        rng = self.rng
        self.ct_ok = self.chance(0.12)
        nuser = self.weighted([(3, 0), (3, 1), (2, 2), (2, 3), (1, 5)])
        self.chains = ['u%d' % (i + 1) for i in range(nuser)]
        for h in HOOKS:
            self.policy[h] = self.weighted([(3, 'ACCEPT'), (2, 'DROP')])
        order = HOOKS + self.chains
        # A chain may call the chains after it: no loops.
        callees = {c: self.chains[self.chains.index(c) + 1:]
                   if c in self.chains else list(self.chains) for c in order}
        with_runs = self.chance(0.7)
        for c in order:
            n = self.weighted([(2, rng.randrange(0, 3)),
                               (3, rng.randrange(3, 10)),
                               (1, rng.randrange(10, 25))])
            runs = 0
            if with_runs and self.chance(0.7 if c in HOOKS else 0.4):
                runs = self.pick([1, 1, 1, 2, 3])
            slots = sorted(rng.sample(range(n + runs), runs)) if runs else []
            for i in range(n + runs):
                if i in slots:
                    self.run(c, callees[c])
                else:
                    self.rules.append(self.random_rule(c, callees[c]))
        self.reach = self.reaching_hooks()
        return self

    def reaching_hooks(self):
        """For each chain, the hooks whose packets can reach it."""
        reach = {h: {h} for h in HOOKS}
        for c in self.chains:
            reach[c] = set()
        for c in HOOKS + self.chains:
            for r in self.rules:
                t = r['target']
                if r['chain'] == c and isinstance(t, tuple) and \
                        t[0] in ('jump', 'goto'):
                    reach[t[1]] |= reach[c]
        return reach

    # ---- text ----

    def rule_text(self, r):
        out = ['-A', r['chain']]
        if r.get('src'):
            out.append('%s-s %s' % (bang(r['src'].inv), r['src'].arg()))
        if r.get('dst'):
            out.append('%s-d %s' % (bang(r['dst'].inv), r['dst'].arg()))
        if r.get('iif'):
            out.append('%s-i %s' % (bang(r['iif'][1]), r['iif'][0]))
        if r.get('oif'):
            out.append('%s-o %s' % (bang(r['oif'][1]), r['oif'][0]))
        if r.get('proto'):
            p, inv = r['proto']
            name = {TCP: 'tcp', UDP: 'udp', ICMP: 'icmp'}.get(p, str(p))
            out.append('%s-p %s' % (bang(inv), name))
        if r.get('frag') is not None:
            out.append('%s-f' % bang(not r['frag']))
        for name, m in r['matches']:
            out.append(self.match_text(name, m))
        t = r['target']
        if t is None:
            pass
        elif t[0] == 'jump':
            out.append('-j %s' % t[1])
        elif t[0] == 'goto':
            out.append('-g %s' % t[1])
        elif t[0] == 'REJECT':
            out.append('-j REJECT --reject-with %s' % t[1])
        elif t[0] == 'LOG':
            s = '-j LOG --log-prefix "%s" --log-level %d' % (t[1], t[2])
            for o in t[3]:
                s += ' --log-' + o
            out.append(s)
        elif t[0] == 'MARK':
            _, op, v, mask = t
            s = '-j MARK --%s 0x%x' % (op, v)
            if mask is not None:
                s += '/0x%x' % mask
            out.append(s)
        else:
            out.append('-j %s' % t[0])
        return ' '.join(out)

    def match_text(self, name, m):
        if name in ('tcp', 'udp'):
            s = '-m ' + name
            for k in ('sport', 'dport'):
                if k in m:
                    s += ' %s--%s %s' % (bang(m[k][2]), k,
                                         self.range_arg(m[k]))
            if 'flags' in m:
                mask, comp, inv = m['flags']
                s += ' %s--tcp-flags %s %s' % (bang(inv),
                                               self.flag_list(mask),
                                               self.flag_list(comp))
            if 'syn' in m:
                s += ' %s--syn' % bang(m['syn'])
            if 'option' in m:
                s += ' %s--tcp-option %d' % (bang(m['option'][1]),
                                             m['option'][0])
            return s
        if name == 'icmp':
            if m['type'] == 255:
                return '-m icmp %s--icmp-type any' % bang(m['inv'])
            t = str(m['type'])
            if 'code' in m:
                t += '/%d' % m['code']
            return '-m icmp %s--icmp-type %s' % (bang(m['inv']), t)
        if name == 'multiport':
            opt = {'s': '--sports', 'd': '--dports', 'b': '--ports'}[m['dir']]
            ports = ','.join(str(lo) if lo == hi else '%d:%d' % (lo, hi)
                             for lo, hi in m['ports'])
            return '-m multiport %s%s %s' % (bang(m['inv']), opt, ports)
        if name == 'iprange':
            s = '-m iprange'
            for k, opt in (('s', '--src-range'), ('d', '--dst-range')):
                if k in m:
                    a, b, inv = m[k]
                    s += ' %s%s %s-%s' % (bang(inv), opt, ip(a), ip(b))
            return s
        if name == 'mark':
            v, mask, inv = m
            if mask == 0xffffffff:
                return '-m mark %s--mark 0x%x' % (bang(inv), v)
            return '-m mark %s--mark 0x%x/0x%x' % (bang(inv), v, mask)
        if name == 'comment':
            return '-m comment --comment "%s"' % m
        if name == 'length':
            lo, hi, inv = m
            return '-m length %s--length %s' % (
                bang(inv), str(lo) if lo == hi else '%d:%d' % (lo, hi))
        if name == 'ttl':
            op, v, inv = m
            return '-m ttl %s--ttl-%s %d' % (bang(inv), op, v)
        if name == 'pkttype':
            return '-m pkttype %s--pkt-type %s' % (bang(m[1]), m[0])
        if name == 'limit':
            return '-m limit --limit 1000/sec --limit-burst 5000'
        if name == 'state':
            return '-m state %s--state %s' % (bang(m[1]), ','.join(m[0]))
        if name == 'addrtype':
            s = '-m addrtype'
            for k in ('src', 'dst'):
                if k in m:
                    s += ' %s--%s-type %s' % (bang(m[k][1]), k,
                                              ','.join(m[k][0]))
            if 'limit' in m:
                s += ' --limit-iface-' + m['limit']
            return s
        if name == 'conntrack':
            s = '-m conntrack'
            for k, v in m.items():
                if k == 'state':
                    s += ' %s--ctstate %s' % (bang(v[1]), ','.join(v[0]))
                elif k == 'proto':
                    s += ' %s--ctproto %s' % (bang(v[1]), v[0])
                elif k.endswith('port'):
                    s += ' %s--ct%s %s' % (bang(v[2]), k, self.range_arg(v))
                elif k == 'status':
                    s += ' %s--ctstatus %s' % (bang(v[1]), ','.join(v[0]))
                elif k == 'dir':
                    s += ' --ctdir %s' % v
                else:
                    s += ' %s--ct%s %s' % (bang(v.inv), k, v.arg())
            return s
        raise ValueError(name)

    def ordered(self):
        """The rules as iptables-save lists them: chain after chain."""
        return [r for c in HOOKS + self.chains
                for r in self.rules if r['chain'] == c]

    def runs_text(self):
        """Rule numbers (in save order) of the rules in runs of 8 or more."""
        return '# rules in runs\n' + ''.join(
            '%d\n' % (i + 1) for i, r in enumerate(self.ordered())
            if r.get('run', 0) >= 8)

    def rules_text(self):
        out = ['# random set %d' % self.index, '*filter']
        for h in HOOKS:
            out.append(':%s %s [0:0]' % (h, self.policy[h]))
        for c in self.chains:
            out.append(':%s - [0:0]' % c)
        out += [self.rule_text(r) for r in self.ordered()]
        out.append('COMMIT')
        return '\n'.join(out) + '\n'

    # ---- probes ----

    @staticmethod
    def paths(hook):
        """(weight, sender, in, out, destinations) of HOOK's paths."""
        return PATHS[hook]

    def reaches(self, spec, dsts):
        """Does SPEC hold an address of DSTS?"""
        key = (spec.addr, spec.mask, spec.inv, id(dsts))
        if key not in self.cache:
            # The long lists are hosts of one /24: most specs miss it.
            hi = spec.mask & 0xffffff00
            if len(dsts) > 8 and not spec.inv and \
                    dsts[0] & hi != spec.addr & hi:
                self.cache[key] = False
            else:
                self.cache[key] = any(spec.has(a) for a in dsts)
        return self.cache[key]

    @staticmethod
    def iface_has(spec, name):
        want, inv = spec
        if want.endswith('+'):
            hit = name.startswith(want[:-1])
        else:
            hit = name == want
        return hit != inv

    def find(self, r, name):
        for m in r['matches'] if r else []:
            if m[0] == name:
                return m[1]
        return None

    def honour(self):
        return self.chance(0.85)

    def pick_port(self, rng_):
        lo, hi, inv = rng_
        if not inv:
            return self.weighted([(2, lo), (2, hi),
                                  (3, self.rng.randint(lo, hi))])
        outside = [p for p in (lo - 1, hi + 1) if 0 <= p <= 65535]
        if outside and self.chance(0.6):
            return self.pick(outside)
        return self.rng.randrange(0, 65536)

    def dest_for(self, r, dsts):
        """A destination from DSTS that RULE's tests accept, mostly."""
        ok = dsts
        if r is None or not self.honour():
            return self.pick(ok)
        tests = []
        if r.get('dst'):
            tests.append(r['dst'].has)
        rng_ = (self.find(r, 'iprange') or {}).get('d')
        if rng_:
            tests.append(lambda a, x=rng_: (x[0] <= a <= x[1]) != x[2])
        pt = self.find(r, 'pkttype')
        if pt:
            kind = {'broadcast': (BCAST1, BCAST2, LBCAST),
                    'multicast': (MCAST,)}
            tests.append(lambda a, p=pt: (a in kind.get(p[0], ()) or
                                          (p[0] == 'unicast' and
                                           a not in (BCAST1, BCAST2, LBCAST,
                                                     MCAST))) != p[1])
        at = self.find(r, 'addrtype')
        if at and 'dst' in at:
            def atype(a):
                if a in (FW_R1, FW_R2, LOOPBACK):
                    return 'LOCAL'
                if a in (BCAST1, BCAST2, LBCAST):
                    return 'BROADCAST'
                if a == MCAST:
                    return 'MULTICAST'
                return 'UNICAST'
            tests.append(lambda a, t=at['dst']: (atype(a) in t[0]) != t[1])
        if not tests:
            return self.pick(ok)
        # Straight from the rule's address, then from the path's.
        spec = r.get('dst')
        if spec and not spec.inv:
            members = DEST_SETS[id(dsts)]
            for _ in range(6):
                a = spec.pick(self.rng)
                if a in members and all(t(a) for t in tests):
                    return a
        for _ in range(12):
            a = self.pick(ok)
            if all(t(a) for t in tests):
                return a
        key = (id(r), id(dsts))
        if key not in self.cache:
            self.cache[key] = [a for a in ok if all(t(a) for t in tests)]
        return self.pick(self.cache[key] or ok)

    def source_for(self, r, sender):
        if r is not None and self.honour():
            if r.get('src'):
                for _ in range(8):
                    a = r['src'].pick(self.rng)
                    if sender == 'fw' or self.usable_source(a):
                        return a
            rng_ = (self.find(r, 'iprange') or {}).get('s')
            if rng_:
                lo, hi, inv = rng_
                if not inv:
                    return self.rng.randint(lo, hi)
                return self.pick([lo - 1, hi + 1]) & 0xffffffff
        if self.chance(0.7):
            return None
        return self.any_source()

    @staticmethod
    def usable_source(a):
        """Not one that the routing code drops as martian or local."""
        top = a >> 24
        return top not in (0, 127) and a < 0xe0000000 and a not in LOCAL

    def proto_for(self, r):
        if r is not None and self.honour():
            if r.get('proto'):
                p, inv = r['proto']
                if not inv:
                    return p
                return self.pick([q for q in (TCP, UDP, ICMP, 47) if q != p])
            for name, p in (('tcp', TCP), ('udp', UDP), ('icmp', ICMP)):
                if self.find(r, name) is not None:
                    return p
        return self.weighted([(5, TCP), (3, UDP), (2, ICMP),
                              (1, self.pick(OTHER_PROTOS))])

    def probe(self, r, hook):
        """The fields of a probe for rule R (None: a random probe)."""
        paths = self.paths(hook)
        if r is not None and self.honour():
            good = []
            for p in paths:
                if r.get('iif') and not self.iface_has(r['iif'], p[2]):
                    continue
                if r.get('oif') and not self.iface_has(r['oif'], p[3]):
                    continue
                if r.get('dst') and not self.reaches(r['dst'], p[4]):
                    continue
                good.append(p)
            paths = good or paths
        _, sender, _, _, dsts = self.weighted([(p[0], p) for p in paths])
        pr = {'from': sender, 'to': self.dest_for(r, dsts)}
        src = self.source_for(r, sender)
        if src is not None:
            pr['src'] = src
        proto = self.proto_for(r)
        pr['proto'] = proto
        l4 = self.find(r, 'tcp') if proto == TCP else \
            self.find(r, 'udp') if proto == UDP else None
        if proto in (TCP, UDP):
            mp = self.find(r, 'multiport')
            for k in ('sport', 'dport'):
                if l4 and k in l4 and self.honour():
                    pr[k] = self.pick_port(l4[k])
                elif mp and self.honour() and mp['ports'] and \
                        (mp['dir'] == 'b' or mp['dir'] == k[0]):
                    lo, hi = self.pick(mp['ports'])
                    pr[k] = self.rng.randint(lo, hi)
                elif self.chance(0.3):
                    pr[k] = self.port()
        if proto == TCP:
            self.tcp_fields(pr, l4)
        if proto == ICMP:
            ic = self.find(r, 'icmp')
            if ic and ic['type'] != 255 and self.honour() and not ic['inv']:
                pr['type'] = ic['type']
                pr['code'] = ic.get('code', self.pick([0, 0, 1, 3]))
            else:
                pr['type'] = self.weighted([(4, 8), (1, 0),
                                            (2, self.pick(ICMP_TYPES))])
                pr['code'] = self.pick([0, 0, 0, 1, 3, 4])
        self.ip_fields(pr, r, hook, proto)
        return pr

    def tcp_fields(self, pr, l4):
        flags = self.weighted([(5, 0x02), (2, 0x10), (1, 0x12), (1, 0x18),
                               (1, 0x04), (1, self.rng.randrange(0, 256))])
        if l4 and self.honour():
            if 'flags' in l4:
                mask, comp, inv = l4['flags']
                flags = (self.rng.randrange(0, 256) & ~mask) | comp
                if inv:
                    flags ^= 1 << self.pick([i for i in range(8)
                                             if mask & (1 << i)] or [0])
            elif 'syn' in l4:
                flags = 0x12 if l4['syn'] else 0x02
            if 'option' in l4:
                kind, inv = l4['option']
                if not inv or self.chance(0.3):
                    pr['tcpopt'] = str(kind) if kind > 1 else \
                        '%d,2' % kind
        if 'tcpopt' not in pr and self.chance(0.15):
            pr['tcpopt'] = ','.join(str(self.pick([1, 2, 3, 4, 8, 30]))
                                    for _ in range(self.rng.randrange(1, 4)))
        if self.chance(0.03):
            pr['doff'] = self.pick([0, 4, 5, 6, 15])
        pr['flags'] = ''.join(TCP_FLAGS[i] for i in range(8)
                              if flags & (1 << i)) or 'none'

    def ip_fields(self, pr, r, hook, proto):
        rng = self.rng
        ttl = self.find(r, 'ttl')
        if ttl and self.honour():
            op, v, _ = ttl
            if hook == 'FORWARD':
                v += 1   # FORWARD sees the TTL less one
            pr['ttl'] = max(0, min(255, v + {'eq': 0, 'lt': -1,
                                              'gt': 1}[op] +
                                   self.pick([0, 0, 0, -1, 1])))
        elif self.chance(0.1):
            pr['ttl'] = self.pick([1, 2, 63, 64, 65, 255, 0])
        hdr = {TCP: 20, UDP: 8, ICMP: 8}.get(proto, 0)
        if 'tcpopt' in pr:
            hdr += 4 * ((sum(1 if k in '01' else 4
                             for k in pr['tcpopt'].split(',')) + 3) // 4)
        length = self.find(r, 'length')
        if length and self.honour():
            lo, hi, _ = length
            total = self.pick([lo, hi, rng.randint(lo, hi), lo - 1, hi + 1])
            pr['len'] = max(0, total - 20 - hdr)
        elif self.chance(0.2):
            pr['len'] = self.pick([0, 1, 7, 8, 32, 100, 500])
        mark = self.find(r, 'mark')
        if pr['from'] == 'fw' and (mark or self.chance(0.15)):
            if mark and self.honour():
                v, mask, _ = mark
                pr['mark'] = v | (rng.getrandbits(32) & ~mask & 0xffffffff
                                  if self.chance(0.3) else 0)
            else:
                pr['mark'] = self.mark_value()
        if self.chance(0.04):
            pr['tos'] = self.pick([0x10, 0x08, 0x04, 0xb8, 1])
        if self.chance(0.08):
            pr['df'] = 1
        if self.chance(0.03):
            pr['ipopt'] = self.pick(['nop', 'rr', 'ts', 'ra', 'nop,nop'])
        frag = r is not None and r.get('frag') is not None and self.honour()
        if pr['to'] in (CLI, SRV):
            # cli and srv would answer an incomplete packet with an ICMP
            # error, 30 s later: no fragments for them.
            pass
        elif (frag and r['frag']) or self.chance(0.06):
            # A later fragment: 1 makes tcp drop it (hotdrop).
            pr['fragoff'] = self.pick([1, 1, 2, 3, 100])
            pr['mf'] = self.pick([0, 1])
        elif self.chance(0.04):
            pr['mf'] = 1
        elif self.chance(0.06) and hdr:
            # The transport header cut short: the matches' hotdrop.
            short = 20 + 4 * len(pr.get('ipopt', '').split(',')
                                 if 'ipopt' in pr else []) + \
                rng.randrange(0, hdr)
            if pr['from'] == 'fw':
                pr['truncate'] = short
            else:
                pr['totlen'] = short

    def reply(self, pr):
        """The answer to probe PR from the other side, when there is one."""
        dst, src = pr['to'], pr.get('src')
        if pr['from'] == 'cli' and dst >> 8 == NET2 >> 8:
            q = {'from': 'srv', 'src': dst, 'to': src or CLI}
        elif pr['from'] == 'srv' and dst >> 8 == NET1 >> 8:
            q = {'from': 'cli', 'src': dst, 'to': src or SRV}
        elif pr['from'] == 'fw' and dst >> 8 in (NET1 >> 8, NET2 >> 8):
            q = {'from': 'cli' if dst >> 8 == NET1 >> 8 else 'srv',
                 'src': dst, 'to': src or (FW_R1 if dst >> 8 == NET1 >> 8
                                           else FW_R2)}
        else:
            return None
        if q['to'] in (BCAST1, BCAST2, MCAST) or \
                not self.usable_source(q['src']):
            return None
        q['proto'] = pr['proto']
        if pr['proto'] in (TCP, UDP):
            q['sport'] = pr.get('dport', 80)
            q['dport'] = pr.get('sport', 40000)
        if pr['proto'] == TCP:
            f = pr.get('flags', 'S')
            q['flags'] = 'SA' if f == 'S' else self.pick(['A', 'PA', 'R',
                                                          'FA'])
        if pr['proto'] == ICMP:
            q['type'] = 0 if pr.get('type') == 8 else self.pick([0, 3])
            q['code'] = 0
        return q

    def probes_text(self, first_id):
        rng = self.rng
        # Rules that a packet may reach, and which hooks lead there.
        targets = [r for r in self.rules if self.reach[r['chain']]]
        out = ['# random set %d' % self.index]
        sent = []
        while len(out) - 1 < self.nprobes:
            pr = None
            if self.uses_ct and sent and self.chance(0.25):
                pr = self.reply(self.pick(sent))
            if pr is None:
                r = self.pick(targets) if targets and self.chance(0.85) \
                    else None
                hooks = sorted(self.reach[r['chain']]) if r else HOOKS
                pr = self.probe(r, self.pick(hooks))
            sent.append(pr)
            pr['id'] = first_id + len(out) - 1
            out.append(self.probe_line(pr))
        return '\n'.join(out) + '\n'

    @staticmethod
    def probe_line(pr):
        words = []
        for k, v in pr.items():
            if k in ('to', 'src'):
                v = ip(v)
            elif k == 'proto':
                v = {TCP: 'tcp', UDP: 'udp', ICMP: 'icmp'}.get(v, v)
            words.append('%s=%s' % (k, v))
        return ' '.join(words)


def share(total, sets, index):
    """Probes of set INDEX, and how many the sets before it have."""
    base, extra = divmod(total, sets)
    return base + (index < extra), index * base + min(index, extra)


def main(argv):
    if len(argv) < 5:
        sys.exit('usage: random_rules.py SEED SETS PROBES DIR [FIRST [LAST]]')
    seed, sets, probes, out = argv[1], int(argv[2]), int(argv[3]), argv[4]
    first = int(argv[5]) if len(argv) > 5 else 0
    last = int(argv[6]) if len(argv) > 6 else sets - 1
    for k in range(first, last + 1):
        n, before = share(probes, sets, k)
        g = Gen(seed, k, n).build()
        with open('%s/%d.rules' % (out, k), 'w') as f:
            f.write(g.rules_text())
        with open('%s/%d.pkts' % (out, k), 'w') as f:
            f.write(g.probes_text(before % 65000 + 1))
        with open('%s/%d.runs' % (out, k), 'w') as f:
            f.write(g.runs_text())
        print(k, 'fresh' if k % GROUP == 0 or g.uses_ct else '')


if __name__ == '__main__':
    main(sys.argv)
