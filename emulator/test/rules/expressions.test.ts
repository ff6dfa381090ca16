/**
 * Conformance rows D01–D25, E01–E14, F01–F17, G01–G17 (rules-language.md §11, §5–§6): the
 * expression language. `E:` rows go through the expression harness (`allow get: if <expr>` on
 * `t/{id}`, getDoc t/x, the document absent), one case per expression and actor; the rows whose
 * rules are more than one expression follow the table.
 */
import { doc, getDoc } from 'firebase/firestore';
import { describe, it } from 'vitest';
import { exprRules, onT, rules, rulesSuite, verdict, type Actor, type Verdict } from './rules-suite.js';

const suite = rulesSuite('rules-expr');

interface ExprCase {
  readonly row: string;
  readonly expr: string;
  readonly as: Actor;
  readonly expected: Verdict;
}

const A = (row: string, expr: string, expected: Verdict): ExprCase => ({ row, expr, as: 'A', expected });

// String.raw keeps the rules' own escapes (G13's \x7F) as the rules source spells them.
const CASES: readonly ExprCase[] = [
  A('D01', 'true || (1/0 == 1)', 'ALLOW'),
  A('D02', '(1/0 == 1) || true', 'ALLOW'),
  A('D03', '!((1/0 == 1) && false)', 'ALLOW'),
  A('D04', '!((1/0 == 1) || false)', 'DENY'),
  A('D05', '!(1/0 == 1)', 'DENY'),
  A('D06', 'true ? true : (1/0 == 1)', 'ALLOW'),
  A('D07', 'false ? (1/0 == 1) : true', 'ALLOW'),
  A('D08', '(1/0 == 1) ? true : true', 'DENY'),
  // D01–D08 as the table spells them use `1/0`, which the official emulator lexes as `1` followed
  // by the path literal `/0` (a compile error). The same rows with `1 / 0` isolate the error
  // semantics the rows are about; both forms are kept (see the report in DIVERGENCES.md).
  A('D01 (1 / 0)', 'true || (1 / 0 == 1)', 'ALLOW'),
  A('D02 (1 / 0)', '(1 / 0 == 1) || true', 'ALLOW'),
  A('D03 (1 / 0)', '!((1 / 0 == 1) && false)', 'ALLOW'),
  A('D04 (1 / 0)', '!((1 / 0 == 1) || false)', 'DENY'),
  A('D05 (1 / 0)', '!(1 / 0 == 1)', 'DENY'),
  A('D06 (1 / 0)', 'true ? true : (1 / 0 == 1)', 'ALLOW'),
  A('D07 (1 / 0)', 'false ? (1 / 0 == 1) : true', 'ALLOW'),
  A('D08 (1 / 0)', '(1 / 0 == 1) ? true : true', 'DENY'),
  A('D09', '1 + 2 * 3 == 7', 'ALLOW'),
  A('D10', '1 < 2 == true', 'ALLOW'),
  A('D11', "'a' == 1", 'DENY'),
  A('D11', "!('a' == 1)", 'ALLOW'),
  A('D12', "!('a' < 1)", 'DENY'),
  A('D13', '1 == 1.0', 'ALLOW'),
  A('D13', '[1] == [1.0]', 'DENY'),
  A('D14', '7 / 2 == 3 && 7 % 3 == 1', 'ALLOW'),
  A('D15', '7.0 / 2 == 3.5', 'ALLOW'),
  A('D16', "null == null && !(null == 'x')", 'ALLOW'),
  A('D17', "1 is int && 1.0 is float && 1 is number && 'a' is string && [1] is list && {'a':1} is map && !(1 is float)", 'ALLOW'),
  { row: 'D18', expr: "request.auth.uid == 'alice'", as: 'U', expected: 'DENY' },
  A('D18', "request.auth.uid == 'alice'", 'ALLOW'),
  { row: 'D19', expr: 'request.auth == null', as: 'U', expected: 'ALLOW' },
  A('D19', 'request.auth == null', 'DENY'),
  A('D24', "'a'.foo() == 1", 'DENY'),
  A('D25', "(['a'] + ['b']).size() == 2", 'DENY'),

  A('E01', "'abc'.size() == 3", 'ALLOW'),
  A('E02', "'HeLLo'.lower() == 'hello' && 'mix3d'.upper() == 'MIX3D'", 'ALLOW'),
  A('E03', "'  a b  '.trim() == 'a b'", 'ALLOW'),
  A('E04', "'bob@example.org'.matches('.*@example[.]org')", 'ALLOW'),
  A('E04', "'bob@example.orgx'.matches('.*@example[.]org')", 'DENY'),
  A('E05', "'x-y-z'.split('-') == ['x', 'y', 'z']", 'ALLOW'),
  A('E06', "'cocoa'.replace('o', 'a') == 'cacaa'", 'ALLOW'),
  A('E07', "'rules'[1] == 'u' && 'rules'[1:4] == 'ule'", 'ALLOW'),
  A('E08', "'abc'[5] == 'c'", 'DENY'),
  A('E09', "'a' + 'b' == 'ab'", 'ALLOW'),
  A('E09', "'a' + 1 == 'a1'", 'DENY'),
  A('E10', "'€'.toUtf8().size() == 3", 'ALLOW'),
  A('E11', "string(true) == 'true' && string(1) == '1' && string(2.0) == '2.0' && string(null) == 'null'", 'ALLOW'),
  A('E12', "int('2') == 2 && int(2.0) == 2 && float('2.2') == 2.2 && float(2) == 2.0", 'ALLOW'),
  A('E13', "'b' > 'a' && 'B' < 'a'", 'ALLOW'),
  A('E14', "'a' in 'abc'", 'DENY'),

  A('F01', '[1,2,3].size() == 3 && 2 in [1,2,3] && !(4 in [1,2,3])', 'ALLOW'),
  A('F02', "['p','q'].hasAll(['q']) && ['p','q'].hasAny(['z','p']) && ['p','q','p'].hasOnly(['q','p','r'])", 'ALLOW'),
  A('F03', "['p','q'].hasOnly(['p','r'])", 'DENY'),
  A('F04', "['a','b'].concat(['c']) == ['a','b','c']", 'ALLOW'),
  A('F05', "['a','b','a'].removeAll(['a']) == ['b']", 'ALLOW'),
  A('F06', "['x','y'].join('-') == 'x-y'", 'ALLOW'),
  A('F07', '[1,2,3][1] == 2 && [1,2,3][0:2] == [1,2]', 'ALLOW'),
  A('F08', '[1,2][5] == 1', 'DENY'),
  A('F09', "['a','a','b'].toSet().size() == 2 && 'a' in ['a'].toSet()", 'ALLOW'),
  A(
    'F10',
    "['x','y'].toSet().union(['z'].toSet()).size() == 3 && ['x','y'].toSet().intersection(['x','z'].toSet()) == ['x'].toSet() && ['x','y'].toSet().difference(['x','z'].toSet()) == ['y'].toSet()",
    'ALLOW',
  ),
  A('F11', "{'a': 1}.a == 1 && {'a': 1}['a'] == 1 && 'a' in {'a': 1}", 'ALLOW'),
  A('F12', "{'a': 1}.b == 1", 'DENY'),
  A('F12', "{'a': 1}.get('b', 2) == 2", 'ALLOW'),
  A('F13', "{'x': {'y': 5}}.get(['x', 'y'], 0) == 5 && {'x': {'y': 5}}.get(['x', 'q'], 0) == 0", 'ALLOW'),
  A('F14', "{'a':1,'b':2}.size() == 2 && {'a':1,'b':2}.keys().hasAll(['a','b']) && {'a':1}.values() == [1]", 'ALLOW'),
  A('F16', "1 in {'a': 1}", 'DENY'),
  A('F17', "{'a': 1}.hasAll(['a'])", 'DENY'),
  A('F17', "{'a': 1}.keys().hasAll(['a'])", 'ALLOW'),

  A('G01', 'timestamp.date(2001, 9, 30).year() == 2001 && timestamp.date(2001, 9, 30).month() == 9 && timestamp.date(2001, 9, 30).day() == 30', 'ALLOW'),
  A('G02', "timestamp.value(86400000) - timestamp.value(0) == duration.value(1, 'd')", 'ALLOW'),
  A('G03', "timestamp.value(0) + duration.value(1, 'h') == timestamp.value(3600000)", 'ALLOW'),
  A('G04', 'timestamp.value(0).dayOfWeek() == 4 && timestamp.value(0).toMillis() == 0', 'ALLOW'),
  A('G05', "duration.value(1, 'y') > duration.value(0, 's')", 'DENY'),
  A(
    'G06',
    "duration.abs(duration.value(-7, 'm')) == duration.value(420, 's') && duration.time(2, 0, 0, 0) == duration.value(120, 'm') && duration.value(90, 's').seconds() == 90",
    'ALLOW',
  ),
  A('G07', 'request.time is timestamp && request.time > timestamp.date(2020, 1, 1)', 'ALLOW'),
  A('G08', 'timestamp.value(1000) < 5', 'DENY'),
  A('G09', 'math.abs(-3) == 3 && math.ceil(4.2) == 5 && math.floor(4.8) == 4 && math.round(3.5) == 4 && math.sqrt(9) == 3.0 && math.pow(3, 2) == 9', 'ALLOW'),
  A('G10', "math.abs('a') == 1", 'DENY'),
  A('G11', "hashing.sha256('abc').toHexString() == 'BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD'", 'ALLOW'),
  A('G12', "hashing.md5('abc').toHexString() == '900150983CD24FB0D6963F7D28E17F72'", 'ALLOW'),
  A('G13', String.raw`b'\x7F'.toHexString() == '7F' && b'ab'.size() == 2 && b'\xFF\xFF\xFF'.toBase64() == '____'`, 'ALLOW'),
  A('G14', 'latlng.value(10.5, 20.25).longitude() == 20.25 && latlng.value(1.0, 2.0).distance(latlng.value(1.0, 2.0)) == 0.0', 'ALLOW'),
  A('G15', '/databases/$(database)/documents/users/$(request.auth.uid) == /databases/(default)/documents/users/alice', 'ALLOW'),
  { row: 'G15', expr: '/databases/$(database)/documents/users/$(request.auth.uid) == /databases/(default)/documents/users/alice', as: 'B', expected: 'DENY' },
  A('G16', "path('a/b') is path", 'ALLOW'),
];

const actorName = (a: Actor): string => (typeof a === 'string' ? a : `A${JSON.stringify(a.alice)}`);

describe('E: expressions (allow get: if <expr>; getDoc t/x)', () => {
  it.each(CASES.map((c) => [`${c.row} ${actorName(c.as)}: ${c.expr} → ${c.expected}`, c] as const))('%s', async (_name, c) => {
    const env = await suite.load(exprRules(c.expr));
    await verdict(`${c.row} ${actorName(c.as)} get t/x`, getDoc(doc(env.db(c.as), 't/x')), c.expected);
  });
});

describe('expression rows with their own rules', () => {
  it.each(['1/0', '1 / 0'])('D20 an erroring statement (%s == 1) does not stop the next one → ALLOW', async (div) => {
    const env = await suite.load(onT(`allow get: if ${div} == 1; allow get: if true;`));
    await verdict(`D20 (${div}) A get t/x`, getDoc(doc(env.db('A'), 't/x')), 'ALLOW');
  });

  it('D21 a function with a let binding → ALLOW', async () => {
    const env = await suite.load(rules('function twice(x) { let y = x * 2; return y; }\n    match /t/{id} { allow get: if twice(2) == 4; }'));
    await verdict('D21 A get t/x', getDoc(doc(env.db('A'), 't/x')), 'ALLOW');
  });

  it('D22 a function declared in a match sees its wildcard → t/alice ALLOW; t/bob DENY', async () => {
    const env = await suite.load(rules('match /t/{id} { function isSelf() { return id == request.auth.uid; } allow get: if isSelf(); }'));
    await verdict('D22 A get t/alice', getDoc(doc(env.db('A'), 't/alice')), 'ALLOW');
    await verdict('D22 A get t/bob', getDoc(doc(env.db('A'), 't/bob')), 'DENY');
  });

  it('D23 a service-level function declared after its use → ALLOW', async () => {
    const env = await suite.load(
      "rules_version = '2';\nservice cloud.firestore {\n  match /databases/{database}/documents {\n    match /t/{id} { allow get: if ok(); }\n  }\n  function ok() { return true; }\n}\n",
    );
    await verdict('D23 A get t/x', getDoc(doc(env.db('A'), 't/x')), 'ALLOW');
  });

  it('F15 map diff key sets → ALLOW', async () => {
    const env = await suite.load(
      rules(
        "function d() { return {'a':1,'b':2,'c':3}.diff({'a':1,'b':9,'d':4}); }\n    match /t/{id} { allow get: if d().addedKeys() == ['c'].toSet() && d().removedKeys() == ['d'].toSet() && d().changedKeys() == ['b'].toSet() && d().unchangedKeys() == ['a'].toSet() && d().affectedKeys() == ['b','c','d'].toSet(); }",
      ),
    );
    await verdict('F15 A get t/x', getDoc(doc(env.db('A'), 't/x')), 'ALLOW');
  });

  it('G17 resource.__name__ and resource.id of an existing document → ALLOW', async () => {
    const env = await suite.load(onT('allow get: if resource.__name__ == /databases/$(database)/documents/t/$(id) && resource.id == id;'));
    await env.seed({ 't/x': { a: 1 } });
    await verdict('G17 A get t/x', getDoc(doc(env.db('A'), 't/x')), 'ALLOW');
  });
});
