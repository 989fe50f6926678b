/**
 * FLAC (WFDB formats 508/516/524) against streams written by the reference encoder, flac 1.4.2 (Debian):
 *   st.flac:  flac -8 --mid-side --no-padding -b 256 --force-raw-format --endian=little --sign=signed
 *             --channels=2 --bps=16 --sample-rate=500   (1280 samples; `flac -a` shows frames coded
 *             LEFT_SIDE, RIGHT_SIDE, RIGHT_SIDE, MID_SIDE, INDEPENDENT with CONSTANT, FIXED and LPC subframes)
 *   m24.flac: flac -5 --no-padding … --channels=1 --bps=24 --sample-rate=500  (600 samples, LPC, wasted bits 2)
 * The encoder stores the MD5 of its input samples in STREAMINFO: md5 'ok' proves every decoded sample.
 */
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../src-main/formats/errors.js';
import { memoryFileSource } from '../../../src-main/formats/file-source.js';
import { decodeFlac } from '../../../src-main/formats/wfdb-flac.js';
import { wfdbReader } from '../../../src-main/formats/wfdb.js';

const ST_FLAC =
  'ZkxhQwAAACIBAAEAAACtAAMWAB9C8AAABQBsuCHJ3MKFh//TOhyS5AL2AwAAEgAAAAAAAAAAAAAAAAAAAAABAIQAACggAAAAcmVmZXJlbmNlIG' +
  'xpYkZMQUMgMS40LjIgMjAyMjEwMjIAAAAA//iOiAAAMu5G//EB7APzBbdzEKCHZQC84oGs2HiCkTy8ILIDW/lDoyqqYx45MNKaPECCv1codsXB' +
  'dsnjT4YyEeSLZPmV2ffN+ZBwwN3KRESKCVKcGkhzbFxMwxk5U6WIe97leMuzjVPw23I8MlBBBfuoIqCHs8ptXwurVNsdaCoSwf2+HV7MryEXxX' +
  '5oo56sOo/0cTZoQkfzjvFV7yj3yoxXtooD2lIfWIGKl8yi7Qbum0CeOuylnU6TvVmyeea0pw49XkRQlrfckJ4sj7XL1jidPXFi82csV0j1fM6z' +
  'jzS40Q6MF9dXwgABLLJLW1KrLTbVkskmc7JZrJd1yUmTTNU6pO6ZKlVlNkmpb2a0s8qWZmSyylLLKmlkqySSlfalJtKSWrTOpTtNWNqL//iOmA' +
  'EAMuIQArYWTl0VwmIKsEHMezh9hENjIuOciYZqObBSwL5EXmghClhvzbpZMSuEL/nO2uLtw/i1UkIRsNMov0mNDoTv2EnCNEVrSkbtz6kMtbdT' +
  'DgilZ8SmyLAj61rUZz8zyVtcrrG/3dQVApKX0yAS9v+9Sv8UBMqJCD5bEAhExW9kMF34E+fiC+oJH8YC7yUrPk3NCpnCahaVGbWRx8ScHOnbxZ' +
  'KOFRT31xtDH2jCDfRu8RHJmOd0oIx1tL9iXj+c8a7lbDisQbQoRew87d7dfqJlqOw12sFsvq5kO3BDsWdKjzjDh3DiuFuw56GEX9K4GIyXQgGT' +
  'cOrL7kp2mCRrXRVVk6XXX2/btDY+JeLqmFyRWLNpOM2oJ+V1b1hArHm8Qs4dSLWkc2km3twzSDbXSq4hAKCRJFURwX8OjJ9r6olpQlHFoUdx+x' +
  'FE9EZGpecV8UqA8dI4rQbcIdnKquI057GqnsBfmU1FauoAnX2unVdxpZrWrnb+VDdf9S8dPq6Wj8A2wGZRJhiUQArn6ujrCyRC7hK4w+gyMmql' +
  '8Xc3AjKIHFwf3QfKolhtbFG0suujbar+Dk9qlRa9VaMphSjJSHBEFYk/hp7Geqvg4sUxxQIomZP/iLNvdx0wJ48aAROL96izXYAYlJ++WiWJjK' +
  '/1cBsJflw2IsV2mKBLz2mBJwvcC3dG21U3KsjjDozeldIn6oMPIWa9L7WAkyxajSnuC57+CNlqyFXatzB1O6KFAkkMwHIiiIUpR0hs8JPm2x7X' +
  'wHd9deWnTniDK936kRUlRZ6ZL33EkZ1154YATMLxpRy7EgAzf25Dfr31dsCHGxOxboXbQ+s+yrEu4q8UU0ITrz3BepL6bPRcWuzTePJxNOH1KK' +
  'yl3Z2SbE+V2AnMeRGNlXft1jOkmJvsLu4pPr61dQFZez0kIYGivIrj+E2rmsjgKZYSr+jsNewjIjhqpaCjVgw9GsgJdLXqrLSCC7pxpS5EfWJh' +
  'AeXRDwtm+B0MIfzReVz8UnIaLh7ISh0GVOtdxUuKUOW40XeYgS/WzmARav/4jpgCADJfQv/9gIWcz3gAH3MIcQ4hCKn9a17Xr3Y7mEOIcQhFT+' +
  'ta9r17sdzCHEOIQip/Wte1692O5hDiHEIRU/rWva9e7HcwhxDiEIqf1rXtevdjuYQ4hxCEVP61r2vXux3MIcQ4hCKn9a17Xr3Y7mEOIcQhFT+t' +
  'a9r17sdzCHEOIQip/Wte1692O5hDiHEIRU/rWva9e7HcwhxDiEIqf1rXtevdjgAABbGU//iOqAMAMp0QApG8zpbyKiRohjXAqs4KakJmrd/ygA' +
  'rIuSQNGlSspGc5HmhS0eHDszQZc0tcUaJ+ngXzyaWbWT4blaDbO/TZoT4GNHbqEqTBGvFBm8yur/rtHxXjBjr6o07ynDlILK+3CZ3qLBtzfu80' +
  'gDJiySgZLuizyCh32v4AhhgYhIOlRqwgQoFLs5bWloVpJdX3Fa6Pivr68KnJyMx2/DSNB3Z0K8UsIxk9lDUJJT30vuEwlC8HY8TW812h8I9TCo' +
  'sTegpG7LF84Ak1mo4g6OEPeZ4PLgBNAyOHdBFRqjfQcOl55WmBpX5UvdYbsITmZHz3DBFXgTJMck9wneSVlMn8dZCPLV9h00WM2xHql6nM5bVj' +
  'ODuBTO9ScwYWbOK/LdFw90v6Lwxm5wdgMhOQVXdCQ8pKa2/wuWX+vGl4fNga6W8CNqhNSit8CXk3UFjRNnOT/8r4a/GY3210uxc2HtQTxTP0Sl' +
  'PtKpJTdtOlEmpEhb7Ac9nv9joOI5U14xHAavAsmGDmfI3iyZfU0sIwJCtcBVtOSWpnG9M1I/tonaK2jdO7Ml4uYsrXXNulrH0OWJ5pyDpIhGn/' +
  'amStET55L4pvgrRXJP8l1RA+xnMnhF24egrMPETM/K7AxRlNaY/2dyFHI3RukLshDzNq2wWrKLJDgai651U0hFi7PlZjcNhYnSrALuYjqqDaQd' +
  'HRqKoWWz9cxcEpycyGycru0S9Gd37ZjOowDva/xogpHA8gnIjZeRJ6pPe6P1NO3OYbRrjUeyP9t80HgechCV42LmbmsYrnc6CVPUiRncx3lYg+' +
  'k0+kXK7NO6kQd121KEWgTEbVib5wlfM0wZdLmL/7cObHApGKNn3+claK5uuWyjrNPQf3bXR2No3kVvADy4hxjftWRurja8QRZe5BPyODWa3dTV' +
  'DjDUiCcDmPLjbjlhQo3FKXyEX5bZ0E80nLqJjI/+IlYRFEcSk9E6YMjBNPkKdn2a+BFRqfv6OQ8xn/+I4YBAAyE0r/7QG1A6EFPAayCAxzmhod' +
  'EX9VgLrg+dVk7Bl1aWqjhfq54Eh0Zlat4SXHLc5EGc0MlU0vtec9UlPQqtvaEdAgI63m1/5uTCC1AQiOciK00FSyrdOY852vhNdHEx3JJ/kpVz' +
  'kywa83IzSRc1JnqMlwbX39oUYu0qtWhiTPkFaeo27ZpTo2bL2bpAttamhIm95C3V5pgxJ1kHfVrjXrVjteSripTI+0gjZyDphW7Q/iTi+rm4rS' +
  'xwKrXOLJLRqTfUiviV16pYiRUdI/nNRDGsEBQgCc/RkQiwV8sZzp6jbsplxGfv2hFdJsscTjVKAFoBAQNbBCMFCQUadD2ll3jh2QEO8V2dJMWv' +
  'IW1Jm5xyAmaIKUYqdQIsgSxrfaZFqyOKi3Ph44iTiHn9cQS3R9g2Sp6CYCwyuJFimGfa0xj0iVRWb1tcibw+25nXk0vx1bJ54fxorjmeuhS2ti' +
  'o1UDlxs/lBcFpkIRdbdiqYVR4jhwDU65qVDa7RpRmlCqu8RmAVx0NUtxh2dVoQDP/CzxDcthFo13J491ERzGCS0EpTWUdahV4t9OecIo7NKQJL' +
  'h0bLAnTGqIbtwVIy5GG+4ysjOsxQuavlR/btT9dV+SUkxl8cSDNXOMp2S62KlJcdDU52NAMd7qskCCT6KTG9k3Ng5kPR+pLMrNNa77fdjOulbz' +
  'n2xd6gnq79K3tC7q+Llc0cvVN6i39lFyoaiCHL9hKCpz2JZ2t/4qB+W9dRPlWHHxEER45h8=';
const M24_FLAC =
  'ZkxhQwAAACIQABAAAAKmAAKmAB9BcAAAAljjpsPGOYdoRyTEeWdHC+oSAwAAEgAAAAAAAAAAAAAAAAAAAAACWIQAACggAAAAcmVmZXJlbmNlIG' +
  'xpYkZMQUMgMS40LjIgMjAyMjEwMjIAAAAA//h+DAACVwAy10lAAAAHplQ8txFnfwdZ2eUSFb70dBuZkCOQH80uoVuvWyxXKz220V+w02p/nv0b' +
  '2Xi56w0ub8TicYDEZjebDabzUYi+WSURHlmY01DSdni9fml1Ct162WK5We22iv2Gm1P89+jey8XPWGlzficTjAYjMbzYbTeajEXyySiI8szGmo' +
  'aTs8Xr80uoVuvWyxXKz220V+w02p/nv0b2Xi56w0ub8TicYDEZjebDabzUYi+WSURHlmY01DSdni9fml1Ct162WK5We22iv2Gm1P89+jey8XPW' +
  'GlzficTjAYjMbzYbTeajEXyySiI8szGmoaTs8Xr80uoVuvWyxXKz220V+w02p/nv0b2Xi56w0ub8TicYDEZjebDabzUYi+WSURHlmY01DSdni9' +
  'fml1Ct162WK5We22iv2Gm1P89+jey8XPWGlzficTjAYjMbzYbTeajEXyySiI8szGmoaTs8Xr80uoVuvWyxXKz220V+w02p/nv0b2Xi56w0ub8T' +
  'icYDEZjebDabzUYi+WSURHlmY01DSdni9fml1Ct162WK5We22iv2Gm1P89+jey8XPWGlzficTjAYjMbzYbTeajEXyySiI8szGmoaTs8Xr80uoV' +
  'uvWyxXKz220V+w02p/nv0b2Xi56w0ub8TicYDEZjebDabzUYi+WSURHlmY01DSdni9fml1Ct162WK5We22iv2Gm1P89+jey8XPWGlzficTjAYj' +
  'MbzYbTeajEXyySiI8szGmoaTs8Xr80uoVuvWyxXKz220V+w02p/nv0b2Xi56w0ub8TicYDEZjebDabzUYi+WSURHlmY01DSdni9fml1Ct162WK' +
  '5We22iv2Gm1P89+jey8XPWGlzficTjAYjMbzYbTeajEXyySiI8szGmgNL0';
const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

describe('FLAC decoder', () => {
  it('decodes all four stereo decorrelation modes exactly (STREAMINFO MD5 matches)', () => {
    const s = decodeFlac(bytes(ST_FLAC), 'st.flac');
    expect([s.md5, s.channels.length, s.channels[0]!.length, s.bitsPerSample, s.sampleRate]).toEqual(['ok', 2, 1280, 16, 500]);
    expect(Array.from(s.channels[0]!.slice(0, 3))).toEqual([-15, 492, 1011]);
    expect(Array.from(s.channels[1]!.slice(0, 3))).toEqual([-16, 491, 1012]);
  });

  it('decodes 24-bit samples with wasted bits (MD5 matches)', () => {
    const s = decodeFlac(bytes(M24_FLAC), 'm24.flac');
    expect([s.md5, s.channels[0]!.length, s.bitsPerSample]).toEqual(['ok', 600, 24]);
    expect(Array.from(s.channels[0]!.slice(0, 3))).toEqual([0, 501332, 994756]);
  });

  it('reports a corrupted stream: a flipped residual bit fails the MD5, a cut stream is a FormatError', () => {
    const b = bytes(ST_FLAC);
    b[b.length - 40]! ^= 0x10; // inside the last frame's residual: still decodable, wrong samples
    expect(decodeFlac(b, 'st.flac').md5).toBe('mismatch');
    expect(() => decodeFlac(bytes(ST_FLAC).subarray(0, 600), 'cut.flac')).toThrow(FormatError);
  });

  it('reads a WFDB record whose signal file is the stereo stream (516x2: 640 frames of 2 samples)', () => {
    const hea = 'st 2 250 640\nst.flac 516x2 200 16 0 -15 0 0 L\nst.flac 516x2 200 16 0 -16 0 0 R\n';
    const r = wfdbReader.parse(memoryFileSource('st.hea', new TextEncoder().encode(hea), { 'st.flac': bytes(ST_FLAC) }));
    const s = decodeFlac(bytes(ST_FLAC), 'st.flac');
    expect([r.fs, r.samples[0]!.length]).toEqual([500, 1280]);
    expect(r.digital![0]!.values).toEqual(s.channels[0]);
    expect(r.digital![1]!.values).toEqual(s.channels[1]);
    expect(r.checks!.filter((c) => c.name.startsWith('initial-value')).map((c) => c.status)).toEqual(['ok', 'ok']);
    expect(r.checks!.find((c) => c.name === 'flac-md5:st.flac')?.status).toBe('ok');
  });
});
