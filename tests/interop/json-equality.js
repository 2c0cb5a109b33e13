// SPDX-License-Identifier: MIT
'use strict';
// Checks that sblib's JSON codec reads and writes JSON exactly as node does:
// for every input line, jsonecho's output must equal
// JSON.stringify(JSON.parse(line)) byte for byte, and every input that the
// codec must refuse has to come back as an ERROR line.
//
// Usage: node json-equality.js /path/to/jsonecho
// JSON_EQUALITY_SEED=<n> picks another pseudo-random run (default 20251125).

const { spawnSync } = require('child_process');

const jsonecho = process.argv[2];
if (!jsonecho) {
    console.error('usage: node json-equality.js /path/to/jsonecho');
    process.exit(2);
}
const seed = Number(process.env.JSON_EQUALITY_SEED || 20251125) >>> 0;
const randomValueCount = 12000;
const randomNumberTextCount = 12000;
const randomLargeObjectCount = 300;

// ------------------------------------------------------------ randomness

// sfc32: small, fast and reproducible across node versions.
function makeRandom(seedValue) {
    let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seedValue >>> 0;
    const next = () => {
        a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
        const t = (a + b + d) >>> 0;
        d = (d + 1) >>> 0;
        a = b ^ (b >>> 9);
        b = (c + (c << 3)) >>> 0;
        c = (c << 21) | (c >>> 11);
        c = (c + t) >>> 0;
        return t >>> 0;
    };
    for (let i = 0; i < 16; ++i)
        next();
    const random = {
        uint32: next,
        float: () => next() / 4294967296,
        below: (n) => Math.floor(random.float() * n),
        chance: (p) => random.float() < p,
        pick: (list) => list[random.below(list.length)],
    };
    return random;
}
const random = makeRandom(seed);

// ------------------------------------------------------------ doubles

const scratch = new DataView(new ArrayBuffer(8));
function doubleFromBits(bits) {
    scratch.setBigUint64(0, bits);
    return scratch.getFloat64(0);
}
function bitsOf(x) {
    scratch.setFloat64(0, x);
    return scratch.getBigUint64(0);
}
function nextUp(x) {
    return x >= 0 ? doubleFromBits(bitsOf(x) + 1n) : doubleFromBits(bitsOf(x) - 1n);
}
function nextDown(x) {
    return -nextUp(-x);
}
function neighbours(x) {
    return [nextDown(nextDown(x)), nextDown(x), x, nextUp(x), nextUp(nextUp(x))];
}

const boundaryNumbers = (() => {
    const list = [0, -0, 1, -1, 0.5, 0.1, 0.2, 0.3, 0.1 + 0.2, 1 / 3, 2 / 3, Math.PI, Math.E,
        4.35, 0.000001, 0.0000001, 123456789.125, 1764058000123.5, 5e-324, -5e-324, 1e-323,
        2.2250738585072014e-308, 2.225073858507201e-308, Number.MAX_VALUE, -Number.MAX_VALUE,
        Number.MIN_VALUE, Number.EPSILON, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER,
        2 ** 31, 2 ** 32, 2 ** 63, 2 ** 64, 2 ** 1023, 2 ** -1022, 2 ** -1074];
    for (const edge of [1e21, 1e-7, 1e-6, 1e20, 2 ** 53, 1e15, 1e16, 1e17, 1e300, 1e-300, 1e308,
        5e-324 * 1024, 2.2250738585072014e-308])
        list.push(...neighbours(edge), ...neighbours(-edge));
    for (let k = 0; k < 64; ++k) {
        list.push(2 ** 53 + k, 2 ** 53 - k, -(2 ** 53) + k);
    }
    for (let e = -330; e <= 310; ++e) {
        list.push(Number(`1e${e}`), Number(`9.87654321e${e}`), Number(`5e${e}`));
    }
    return list.filter(Number.isFinite);
})();

function randomNumber() {
    switch (random.below(9)) {
    case 0: { // any finite double: the whole exponent range
        for (;;) {
            const x = doubleFromBits((BigInt(random.uint32()) << 32n) | BigInt(random.uint32()));
            if (Number.isFinite(x))
                return x;
        }
    }
    case 1: // subnormals
        return doubleFromBits((BigInt((random.uint32() & 0x800fffff) >>> 0) << 32n)
            | BigInt(random.uint32()));
    case 2: // integers near 2^53
        return (random.chance(0.5) ? 1 : -1) * (2 ** 53 + random.below(2000) - 1000);
    case 3: // ordinary integers
        return random.below(2 ** 31) - 2 ** 30;
    case 4: // short decimals
        return (random.below(2000000) - 1000000) / 10 ** random.below(12);
    case 5: // timestamps
        return 1764058000000 + random.below(1000000) + random.below(8) / 8;
    case 6:
        return random.pick(boundaryNumbers);
    case 7: { // mantissa digits with a tiny or huge exponent
        const x = Number(`${random.below(1e9)}e${random.below(640) - 340}`);
        return Number.isFinite(x) ? x : Number.MAX_VALUE;
    }
    default:
        return random.chance(0.5) ? 0 : -0;
    }
}

// ------------------------------------------------------------ strings

function randomCodeUnits() {
    switch (random.below(14)) {
    case 0: return [random.below(0x20)]; // every control char
    case 1: return [random.pick([0x22, 0x5c, 0x2f])]; // " \ /
    case 2: return [0x7f];
    case 3: return [random.pick([0x2028, 0x2029])];
    case 4: { // astral, as a pair
        const code = 0x10000 + random.below(0x100000);
        return [0xd800 + ((code - 0x10000) >> 10), 0xdc00 + ((code - 0x10000) & 0x3ff)];
    }
    case 5: return [0xd800 + random.below(0x400)]; // lone high, if nothing pairs it
    case 6: return [0xdc00 + random.below(0x400)]; // lone low
    case 7: return [random.pick([0x80, 0xa0, 0xff, 0x7ff, 0x800, 0xfeff, 0xfffd, 0xfffe,
        0xffff, 0xe9, 0x20ac])];
    case 8: { // any BMP non-surrogate
        const unit = random.below(0xf800);
        return [unit < 0xd800 ? unit : unit + 0x800];
    }
    default: return [0x20 + random.below(0x5f)]; // printable ASCII
    }
}

function randomString(maxLength = 16) {
    const units = [];
    const length = random.below(maxLength + 1);
    while (units.length < length)
        units.push(...randomCodeUnits());
    return String.fromCharCode(...units);
}

const specialKeys = ['0', '1', '2', '9', '10', '01', '00', '-0', '-1', '+1', '1.5', '1e3', ' 1',
    '4294967294', '4294967295', '4294967296', '99999999999', '__proto__', 'constructor',
    'toString', '', 'a', 'b', 'key', '\u0000', '\ud800', '\u2028'];

function randomKey() {
    switch (random.below(4)) {
    case 0: return random.pick(specialKeys);
    case 1: return String(random.below(random.chance(0.5) ? 20 : 4294967300));
    default: return randomString(8);
    }
}

// ------------------------------------------------------------ values

function setMember(object, key, value) {
    // Plain assignment would treat "__proto__" specially; JSON.parse does not.
    Object.defineProperty(object, key,
        { value, enumerable: true, writable: true, configurable: true });
}

function randomScalar() {
    switch (random.below(8)) {
    case 0: return null;
    case 1: return random.chance(0.5);
    case 2: case 3: case 4: return randomNumber();
    default: return randomString();
    }
}

function randomValue(depth = 0) {
    const containerChance = depth === 0 ? 0.8 : 0.45 / depth;
    if (depth >= 6 || !random.chance(containerChance))
        return randomScalar();
    const size = random.below(7);
    if (random.chance(0.5)) {
        const array = [];
        for (let i = 0; i < size; ++i)
            array.push(randomValue(depth + 1));
        return array;
    }
    const object = {};
    for (let i = 0; i < size; ++i)
        setMember(object, randomKey(), randomValue(depth + 1));
    return object;
}

function randomLargeObject() {
    // Large enough for the codec's hashed key lookup, with index keys arriving
    // in any order among the names.
    const object = {};
    const size = 25 + random.below(300);
    for (let i = 0; i < size; ++i) {
        const key = random.chance(0.5) ? String(random.below(random.chance(0.5) ? 500 : 2 ** 32))
            : random.chance(0.5) ? randomKey() : 'k' + random.below(1000);
        setMember(object, key, random.chance(0.8) ? randomScalar() : randomValue(3));
    }
    return object;
}

// ------------------------------------------------------------ re-spelling

// Writes a value as valid JSON text with the same meaning as JSON.stringify's
// but spelt differently: whitespace, escapes, number forms, member order.
function whitespace() {
    if (!random.chance(0.3))
        return '';
    let text = '';
    for (let n = 1 + random.below(3); n > 0; --n)
        text += random.pick([' ', '\t', '\r', '  ']); // no \n: one input per line
    return text;
}

function hex4(unit) {
    const text = unit.toString(16).padStart(4, '0');
    return '\\u' + (random.chance(0.5) ? text : text.toUpperCase());
}

function spellString(text) {
    const shortEscapes = { 0x22: '\\"', 0x5c: '\\\\', 0x08: '\\b', 0x0c: '\\f', 0x0a: '\\n',
        0x0d: '\\r', 0x09: '\\t', 0x2f: '\\/' };
    let out = '"';
    for (let i = 0; i < text.length; ++i) {
        const unit = text.charCodeAt(i);
        const next = i + 1 < text.length ? text.charCodeAt(i + 1) : -1;
        if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
            out += random.chance(0.3) ? hex4(unit) + hex4(next) : text.substr(i, 2);
            ++i;
        } else if (unit >= 0xd800 && unit <= 0xdfff) {
            out += hex4(unit); // a lone surrogate has no UTF-8 form
        } else if (unit < 0x20 || unit === 0x22 || unit === 0x5c) {
            out += shortEscapes[unit] && random.chance(0.6) ? shortEscapes[unit] : hex4(unit);
        } else if (unit === 0x2f && random.chance(0.5)) {
            out += '\\/';
        } else if (random.chance(0.05)) {
            out += hex4(unit);
        } else {
            out += text[i];
        }
    }
    return out + '"';
}

// Spells the decimal number sign * digits * 10^exponent in a random valid way.
function spellDecimal(negative, digits, exponent) {
    digits = digits.replace(/^0+/, '');
    if (digits === '')
        return (negative ? '-' : '') + random.pick(['0', '0.0', '0e0', '0E+5', '0.000e-3']);
    const sign = negative ? '-' : '';
    const e = () => random.pick(['e', 'E']);
    const exponentText = (n) => {
        const magnitude = String(Math.abs(n)).padStart(1 + random.below(3), '0');
        return n < 0 ? '-' + magnitude : (random.chance(0.5) ? '+' : '') + magnitude;
    };
    const zeros = '0'.repeat(random.below(3));
    switch (random.below(5)) {
    case 0: // integer mantissa
        return sign + digits + (exponent !== 0 || random.chance(0.3)
            ? e() + exponentText(exponent) : '');
    case 1: // 0.digits
        return sign + '0.' + digits + zeros + e() + exponentText(exponent + digits.length);
    case 2: // d.igits
        return sign + digits[0] + (digits.length > 1 || zeros ? '.' + digits.slice(1) + zeros
            : '') + e() + exponentText(exponent + digits.length - 1);
    default: { // plain positional, when not absurdly long
        if (exponent > 40 || exponent < -40)
            return sign + digits + e() + exponentText(exponent);
        if (exponent >= 0)
            return sign + digits + '0'.repeat(exponent) + (zeros ? '.' + zeros : '');
        const point = digits.length + exponent;
        const text = point > 0 ? digits.slice(0, point) + '.' + digits.slice(point)
            : '0.' + '0'.repeat(-point) + digits;
        return sign + text + zeros;
    }
    }
}

function spellNumber(x) {
    const canonical = JSON.stringify(x);
    const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(canonical);
    const fraction = match[3] || '';
    const exponent = Number(match[4] || 0) - fraction.length;
    return spellDecimal(Object.is(x, -0) || match[1] === '-', match[2] + fraction, exponent);
}

function spell(value) {
    if (value === null)
        return 'null';
    if (typeof value === 'boolean')
        return String(value);
    if (typeof value === 'number')
        return random.chance(0.5) ? spellNumber(value) : JSON.stringify(value);
    if (typeof value === 'string')
        return spellString(value);
    if (Array.isArray(value)) {
        if (value.length === 0)
            return '[' + whitespace() + ']';
        return '[' + value.map((v) => whitespace() + spell(v) + whitespace()).join(',') + ']';
    }
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i > 0; --i) { // member order changes the result
        const j = random.below(i + 1);
        [keys[i], keys[j]] = [keys[j], keys[i]];
    }
    if (keys.length === 0)
        return '{' + whitespace() + '}';
    return '{' + keys.map((k) => whitespace() + spellString(k) + whitespace() + ':'
        + whitespace() + spell(value[k]) + whitespace()).join(',') + '}';
}

function randomNumberText() {
    // Arbitrary decimal text, not just the shortest digits of some double:
    // long mantissas test correct rounding, far exponents test the range ends.
    let digits = String(1 + random.below(9));
    const length = random.chance(0.3) ? random.below(60) : random.below(17);
    for (let i = 0; i < length; ++i)
        digits += random.below(10);
    const exponent = random.chance(0.2) ? random.below(800) - 400 : random.below(60) - 30;
    const text = spellDecimal(random.chance(0.5), digits, exponent - digits.length);
    return random.chance(0.3) ? `[${text},{"n":${text}}]` : text;
}

// ------------------------------------------------------------ cases

const validTexts = [
    'true', 'false', 'null', '0', '-0', '-0.0', '1', '-1', '1E3', '1e+3', '1e-3', '0.1e1',
    '1e007', '2.500', '0e99999999999', '1e-400', '-1e-400', '2.4703282292062327e-324',
    '2.4703282292062328e-324', '9007199254740993', '9007199254740993.0000000000000000001',
    '9007199254740995', '1.7976931348623158e308', '0.0001e312', '123456789e300',
    '0.1000000000000000055511151231257827021181583404541015625',
    '0.' + '0'.repeat(330) + '1e330', '1' + '0'.repeat(308), '4.9406564584124654e-324',
    '"\\u0041\\/"', '"\\ud800"', '"\\udfff"', '"\\ud83d\\ude00"', '"\\uD83D\\uDE00"',
    '"\\ude00\\ud83d"', '"\\ud800\\ud800\\udc00"', '"\\u2028\\u2029"', '"\u2028\u2029"',
    '"\\u007f\u007f"', '"\\u0000\\u001f"', '"\\b\\f\\n\\r\\t\\"\\\\"', '"\u{1f600}"',
    '"\u{10ffff}"', '"\ufeff"', '""', '[]', '{}', '[[]]', '[{}]', '{"":""}',
    ' \t\r 1 \r\t ', '{"b":1,"1":2}', '{"__proto__":1,"b":1,"1":2}',
    '{"a":1,"0":2,"4294967294":3,"4294967295":4,"01":5,"-1":6,"10":7,"2":8}',
    '[["key123",{"a":1}],1764058000123.5,"SOURCEID"]',
    '{"a":[1,{"b":null,"c":[true,false]}],"d":{"e":{}}}',
    '['.repeat(64) + ']'.repeat(64),
    '{"a":'.repeat(63) + '[]' + '}'.repeat(63),
];

const b = (text) => Buffer.from(text, 'latin1');
const invalidInputs = [
    b(''), b('   '), b('\t'), b('[1,]'), b('{"a":1,}'), b('[,1]'), b('[1 2]'), b('[1'),
    b('{"a":1'), b('{"a":}'), b('{"a" 1}'), b('{a:1}'), b("{'a':1}"), b("'a'"), b('[1}'),
    b('{"a":1]'), b('01'), b('-01'), b('00'), b('+1'), b('.5'), b('1.'), b('1.e3'), b('1e'),
    b('1e+'), b('-'), b('--1'), b('-a'), b('0x10'), b('1_000'), b('NaN'), b('Infinity'),
    b('-Infinity'), b('undefined'), b('tru'), b('True'), b('nul'), b('nulll'), b('[1]x'),
    b('[1][2]'), b('1 2'), b('/*c*/1'), b('1//c'), b('\f1'), b('\v1'), b('\xc2\xa01'),
    b('\xef\xbb\xbf1'), b('"abc'), b('"a\\'), b('"a\tb"'), b('"a\rb"'), b('"\x00"'),
    b('"\x1f"'), b('"\\x41"'), b('"\\U0041"'), b("\"\\'\""), b('"\\u12"'), b('"\\u12G4"'),
    b('"\\u"'), b('"\\a"'),
    // Numbers that JSON.parse turns into Infinity.
    b('1e400'), b('-1e400'), b('1e309'), b('1.7976931348623159e308'), b('1' + '0'.repeat(309)),
    b('[1, 1e999999999999999999]'), b('{"a":0.001e312}'), b('123456789e301'),
    // Duplicate keys.
    b('{"a":1,"a":2}'), b('{"a":1,"b":0,"a":1}'), b('{"a":1,"\\u0061":2}'), b('{"1":1,"1":2}'),
    b('[{"x":{"q":[],"q":{}}}]'), b('{"":1,"":2}'), b('{"__proto__":1,"__proto__":2}'),
    // Deeper than the default limit of 64 (node itself accepts these).
    b('['.repeat(65) + ']'.repeat(65)), b('{"a":'.repeat(65) + '1' + '}'.repeat(65)),
    b('['.repeat(100000)), b('['.repeat(100000) + ']'.repeat(100000)),
    // Invalid UTF-8.
    b('"\x80"'), b('\x80'), b('[1] \xff'), b('"\xff"'), b('"\xfe"'), b('"\xc0\x80"'),
    b('"\xc1\xbf"'), b('"\xe0\x80\xaf"'), b('"\xf0\x8f\xbf\xbf"'), b('"\xed\xa0\x80"'),
    b('"\xed\xbf\xbf"'), b('"\xed\xa0\xbd\xed\xb8\x80"'), b('"\xf4\x90\x80\x80"'),
    b('"\xf5\x80\x80\x80"'), b('"\xf8\x88\x80\x80\x80"'), b('"\xc3"'), b('"\xe2\x82"'),
    b('"\xf0\x9f\x98'), b('"\xe2\x82\x41"'), b('{"k\xff":1}'), b('["\xc3\xa9", "\xc3"]'),
];

// ------------------------------------------------------------ run

function containsInfinity(text) {
    let found = false;
    JSON.parse(text, (key, value) => {
        if (value === Infinity || value === -Infinity)
            found = true;
        return value;
    });
    return found;
}

const cases = []; // { input: Buffer, expected: Buffer | null (null = must be refused) }
function addValid(text) {
    if (text.isWellFormed && !text.isWellFormed())
        throw new Error('input has a lone surrogate: ' + JSON.stringify(text));
    if (text.includes('\n'))
        throw new Error('input contains a newline: ' + JSON.stringify(text));
    const expected = containsInfinity(text) ? null
        : Buffer.from(JSON.stringify(JSON.parse(text)), 'utf8');
    cases.push({ input: Buffer.from(text, 'utf8'), expected });
}

for (const text of validTexts)
    addValid(text);
for (const x of boundaryNumbers) {
    addValid(JSON.stringify(x));
    addValid(spellNumber(x));
}
for (let i = 0; i < randomValueCount; ++i) {
    const value = randomValue();
    addValid(JSON.stringify(value));
    addValid(spell(value));
}
for (let i = 0; i < randomLargeObjectCount; ++i) {
    const value = randomLargeObject();
    addValid(JSON.stringify(value));
    addValid(spell(value));
}
for (let i = 0; i < randomNumberTextCount; ++i)
    addValid(randomNumberText());
for (const input of invalidInputs) {
    if (input.includes(0x0a))
        throw new Error('invalid input contains a newline');
    cases.push({ input, expected: null });
}

const run = spawnSync(jsonecho, [], {
    input: Buffer.concat(cases.flatMap((c) => [c.input, Buffer.from('\n')])),
    maxBuffer: 1 << 30,
});
if (run.error || run.status !== 0) {
    console.error(`json-equality: ${jsonecho} failed:`, run.error || `exit ${run.status}`,
        run.stderr ? run.stderr.toString() : '');
    process.exit(1);
}

const lines = [];
for (let start = 0; start < run.stdout.length;) {
    const end = run.stdout.indexOf(0x0a, start);
    if (end < 0)
        break;
    lines.push(run.stdout.subarray(start, end));
    start = end + 1;
}

const show = (buffer) => {
    const text = buffer.toString('utf8');
    const shown = Buffer.from(text, 'utf8').equals(buffer) ? JSON.stringify(text)
        : 'hex ' + buffer.toString('hex');
    return shown.length > 400 ? shown.slice(0, 400) + `... (${buffer.length} bytes)` : shown;
};

let passed = 0;
const failures = [];
cases.forEach((c, i) => {
    const actual = lines[i];
    const ok = actual !== undefined && (c.expected === null
        ? actual.subarray(0, 6).toString('latin1') === 'ERROR '
        : actual.equals(c.expected));
    if (ok)
        ++passed;
    else
        failures.push({ c, actual });
});
if (lines.length !== cases.length)
    console.log(`json-equality: expected ${cases.length} output lines, got ${lines.length}`);

for (const { c, actual } of failures.slice(0, 8)) {
    console.log('MISMATCH');
    console.log('  input:   ' + show(c.input));
    console.log('  expected: ' + (c.expected === null ? 'ERROR ...' : show(c.expected)));
    console.log('  actual:   ' + (actual === undefined ? '(no line)' : show(actual)));
}
const refusals = cases.filter((c) => c.expected === null).length;
console.log(`json-equality: ${passed} passed, ${failures.length} failed `
    + `(${refusals} of ${cases.length} cases must be refused; seed ${seed})`);
process.exit(failures.length === 0 && lines.length === cases.length ? 0 : 1);
