import { OwnWrites } from '../../addin/excel/own-writes';

describe('the register of the gateway\'s own writes', () => {
  let now = 1_000_000;
  beforeEach(() => {
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  test('recognises the echo of a write by its address as Excel gives it, once', () => {
    const own = new OwnWrites(3000);
    own.note('s1', 2, 0, 1, 3);
    expect(own.isEcho('s1', 'Deals!$A$2:$C$2')).toBe(true);
    expect(own.isEcho('s1', 'Deals!$A$2:$C$2')).toBe(false); // consumed
  });

  test('a single cell is addressed without a range, and lower case is the same address', () => {
    const own = new OwnWrites(3000);
    own.note('s1', 7, 27, 1, 1);
    expect(own.isEcho('s1', "'My deals'!ab7")).toBe(true);
  });

  test('a range written twice echoes twice', () => {
    const own = new OwnWrites(3000);
    own.note('s1', 5, 4, 1, 1);
    own.note('s1', 5, 4, 1, 1);
    expect([own.isEcho('s1', 'E5'), own.isEcho('s1', 'E5'), own.isEcho('s1', 'E5')]).toEqual([true, true, false]);
  });

  test('another sheet, another range or a range overlapping the write is the user\'s', () => {
    const own = new OwnWrites(3000);
    own.note('s1', 2, 0, 4, 1); // A2:A5
    expect(own.isEcho('s2', 'A2:A5')).toBe(false);
    expect(own.isEcho('s1', 'A2:A4')).toBe(false);
    expect(own.isEcho('s1', 'A2')).toBe(false);
    expect(own.isEcho('s1', 'A2:A5')).toBe(true);
  });

  test('an event after the window is the user\'s, and expired writes are swept out', () => {
    const own = new OwnWrites(3000);
    own.note('s1', 2, 0, 1, 1);
    now += 2999;
    own.note('s1', 3, 0, 1, 1);
    now += 1;
    expect(own.isEcho('s1', 'A2')).toBe(false); // written 3,000 ms ago: expired
    expect(own.isEcho('s1', 'A3')).toBe(true);
    for (let r = 10; r < 20; r++) own.note('s1', r, 0, 1, 1);
    now += 3000;
    own.note('s1', 30, 0, 1, 1); // the next note after a window sweeps the expired ones out
    expect(own.size).toBe(1);
  });

  test('of two writes of one range, the older expires first and the newer still echoes', () => {
    const own = new OwnWrites(3000);
    own.note('s1', 2, 1, 1, 1);
    now += 2000;
    own.note('s1', 2, 1, 1, 1);
    now += 1500;
    expect(own.isEcho('s1', 'B2')).toBe(true);
    expect(own.isEcho('s1', 'B2')).toBe(false);
  });
});
