import type { TalkSignProblem } from '@ducha/shared';
import { m } from '$lib/paraglide/messages.js';
import type { DraftProblem } from '$lib/talk/talk-rules';

/** What a refused draft lacks, in the user's language. */
export function problemText(problem: DraftProblem): string {
  switch (problem) {
    case 'name':
      return m.talk_problem_name();
    case 'question':
      return m.talk_problem_question();
    case 'text':
      return m.talk_problem_text();
    case 'deadline':
      return m.talk_problem_deadline();
    case 'too_long':
      return m.talk_problem_too_long();
  }
}

/** What keeps a 约谈 record from being signed, in the user's language. */
export function signIssueText(problem: TalkSignProblem): string {
  switch (problem) {
    case 'talker':
      return m.talk_issue_talker();
    case 'subject':
      return m.talk_issue_subject();
    case 'question':
      return m.talk_issue_question();
  }
}
