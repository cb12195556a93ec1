import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function runRoute(args: string[], input = ''): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('npx', ['tsx', 'scripts/route.ts', ...args], { cwd: ROOT, input, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('routing / route CLI', function () {
  this.timeout(60_000);

  it('answers good lines in input order and reports malformed ones on stderr', () => {
    const input = [
      JSON.stringify({ id: 'first', title: 'LNG 극저온 밸브', description: '극저온 밸브 누설 시험', gold: { x: 1 } }),
      '{not json',
      JSON.stringify({ id: 'no-description', title: '제목만' }),
      '',
      JSON.stringify({
        id: 7,
        title: 'EMC 대책',
        description: '전자파 방사 방출 초과',
        supportTypes: ['시험성적서·인증'],
      }),
    ].join('\n');
    const { status, stdout, stderr } = runRoute(['-'], input);
    expect(status).to.equal(0);
    const answers = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(answers.map((a) => a.id)).to.deep.equal(['first', 7]);
    expect(Object.keys(answers[0] ?? {})).to.deep.equal(['id', 'ranked', 'team', 'convergence']);
    const errors = stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(errors).to.have.length(2);
    expect(errors[0]).to.include({ line: 2 });
    expect(errors[1]).to.include({ id: 'no-description', line: 3 });
    expect(String(errors[1]?.error)).to.include('description');
  });

  it('exits non-zero when the file cannot be read', () => {
    const { status, stderr } = runRoute(['/nonexistent/cases.jsonl']);
    expect(status).to.equal(2);
    expect(stderr).to.include('cannot read');
  });
});
