import { describe, expect, it } from 'vitest';
import { commitmentTitle, talkResponsiblePerson, talkSignProblems } from './talk-rules';

const talker = { name: '李华', position: '组长', role: 'talker' };
const subject = { name: '陈国栋', position: '区委书记', role: 'subject' };
const asked = [{ question: '对反映的问题如何认识？', answer: '' }];

describe('talkSignProblems', () => {
  it('needs a 谈话人, a 谈话对象 and one question', () => {
    expect(talkSignProblems({ participants: [talker, subject], exchanges: asked })).toEqual([]);
    expect(talkSignProblems({ participants: [subject], exchanges: asked })).toEqual(['talker']);
    expect(talkSignProblems({ participants: [talker], exchanges: [] })).toEqual([
      'subject',
      'question',
    ]);
    expect(talkSignProblems({})).toEqual(['talker', 'subject', 'question']);
  });

  it('does not count blank names or questions, nor other roles', () => {
    const blank = [
      { ...talker, name: '  ' },
      { ...subject, role: 'attendee' },
    ];
    expect(talkSignProblems({ participants: blank, exchanges: [{ question: ' ' }] })).toEqual([
      'talker',
      'subject',
      'question',
    ]);
  });

  it('treats malformed JSON as missing', () => {
    expect(talkSignProblems({ participants: 'x', exchanges: [null, 3] })).toEqual([
      'talker',
      'subject',
      'question',
    ]);
  });
});

describe('talkResponsiblePerson', () => {
  it('names the first 谈话对象 with the position', () => {
    const other = { name: '王某', position: '', role: 'subject' };
    expect(talkResponsiblePerson([talker, subject, other])).toBe('陈国栋（区委书记）');
    expect(talkResponsiblePerson([talker, other])).toBe('王某');
    expect(talkResponsiblePerson([talker])).toBeNull();
  });

  it('fits the ledger’s 200 characters', () => {
    const long = talkResponsiblePerson([{ ...subject, position: '长'.repeat(300) }])!;
    expect([...long]).toHaveLength(200);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('commitmentTitle', () => {
  it('takes the first line, at most 60 characters', () => {
    expect(commitmentTitle('  一个月内清退违规发放的津贴补贴\n并报告进展 ')).toBe(
      '一个月内清退违规发放的津贴补贴',
    );
    const title = commitmentTitle('整'.repeat(100));
    expect([...title]).toHaveLength(60);
    expect(title.endsWith('…')).toBe(true);
    expect(commitmentTitle('短')).toBe('短');
  });
});
