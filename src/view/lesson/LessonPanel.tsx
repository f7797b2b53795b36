/** The lesson panel: scenario list, the current step's text, hint, "Show me", checks, navigation. */
import { useStore } from 'zustand';
import type { LessonController } from './lessonController.ts';
import { parseInline, parseMarkdown, type Block, type Inline } from './markdown.ts';

export function LessonPanel({ lessons }: { lessons: LessonController }) {
  const { entries, active, step, hint, results } = useStore(lessons.store);
  const lesson = active?.lesson;
  const current = lesson?.steps[step];

  if (!active) {
    return (
      <aside className="lesson" data-testid="lesson-panel">
        <h2>Lessons</h2>
        {entries.length === 0 && <p className="muted">No scenarios bundled (add YAML files under scenarios/).</p>}
        <ul className="lesson-list">
          {entries.map((e) => (
            <li key={e.file}>
              <button className="lesson-item" data-testid={`lesson-${e.file}`} disabled={!e.lesson} onClick={() => lessons.open(e.file)} title={e.error ?? e.summary}>
                <span className="lesson-title">{e.title}</span>
                <span className="lesson-meta">{e.meta}</span>
                {e.summary && (
                  <span className="lesson-summary">
                    <InlineText inlines={parseInline(e.summary)} run={null} />
                  </span>
                )}
                {e.error && <span className="lesson-error">{e.error}</span>}
              </button>
            </li>
          ))}
        </ul>
        <Sandbox run={lessons.run} />
      </aside>
    );
  }

  return (
    <aside className="lesson" data-testid="lesson-panel">
      <div className="lesson-head">
        <button className="small" onClick={() => lessons.close()} title="Back to the list of lessons">
          ← Lessons
        </button>
        <span className="muted">
          step {step + 1} / {lesson?.steps.length ?? 0}
        </span>
      </div>
      <h2>{lesson?.title ?? active.title}</h2>
      {active.error && <pre className="lesson-error">{active.error}</pre>}
      {current && (
        <>
          <h3 data-testid="lesson-step-title">{current.title}</h3>
          <Markdown blocks={parseMarkdown(current.text)} run={lessons.run} />
          <div className="lesson-actions">
            {current.hint && (
              <button className="small" data-testid="lesson-hint" onClick={() => lessons.toggleHint()}>
                {hint ? 'Hide hint' : 'Hint'}
              </button>
            )}
            <button className="small" data-testid="lesson-show-me" onClick={() => lessons.showMe()} title={current.solution.join('\n')}>
              Show me
            </button>
            <button className="small primary" data-testid="lesson-check" onClick={() => lessons.check()}>
              Check
            </button>
          </div>
          {hint && current.hint && (
            <div className="hint">
              <Markdown blocks={parseMarkdown(current.hint)} run={lessons.run} />
            </div>
          )}
          {results && (
            <ul className="checks" data-testid="lesson-checks">
              {results.map((r, i) => (
                <li key={i} className={r.ok ? 'ok' : 'fail'}>
                  <span className="mark">{r.ok ? '✓' : '✗'}</span>
                  <span>
                    <InlineText inlines={parseInline(r.description)} run={null} />
                    {r.detail && <span className="detail">{r.detail}</span>}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <div className="lesson-nav">
            <button className="small" data-testid="lesson-prev" disabled={step === 0} onClick={() => lessons.goTo(step - 1)}>
              ← Previous
            </button>
            <button className="small" data-testid="lesson-next" disabled={step + 1 >= (lesson?.steps.length ?? 0)} onClick={() => lessons.goTo(step + 1)}>
              Next →
            </button>
          </div>
          {lesson && lesson.faults.length > 0 && (
            <div className="trainer" data-testid="trainer-faults">
              <h3>Trainer: inject fault</h3>
              {lesson.faults.map((f, i) => (
                <button key={f.name} className="trainer-fault" data-testid={`trainer-fault-${i}`} title={f.commands.join('\n')} onClick={() => lessons.injectFault(i)}>
                  <span className="trainer-fault-name">⚡ {f.name}</span>
                  {f.description && (
                    <span className="trainer-fault-desc">
                      <InlineText inlines={parseInline(f.description)} run={null} />
                    </span>
                  )}
                  <span className="trainer-fault-cmds">
                    {f.commands.map((c, j) => (
                      <code key={j}>{c}</code>
                    ))}
                  </span>
                </button>
              ))}
            </div>
          )}
        </>
      )}
    </aside>
  );
}

function Sandbox({ run }: { run(command: string): void }) {
  const examples = ['etcdctl member list -w table', 'etcdctl endpoint status --cluster -w table', 'kubectl get namespaces', 'etcdctl get /registry/ --prefix --keys-only', 'sim status'];
  return (
    <div className="sandbox">
      <h3>Sandbox</h3>
      <p className="muted small-text">Click a command to run it, or type in the terminal. Right-click a host to inject faults.</p>
      {examples.map((c) => (
        <button key={c} className="cmd" onClick={() => run(c)}>
          {c}
        </button>
      ))}
    </div>
  );
}

function Markdown({ blocks, run }: { blocks: Block[]; run(command: string): void }) {
  return (
    <div className="md">
      {blocks.map((b, i) =>
        b.type === 'p' ? (
          <p key={i}>
            <InlineText inlines={b.inlines} run={run} />
          </p>
        ) : b.type === 'ul' ? (
          <ul key={i}>
            {b.items.map((item, j) => (
              <li key={j}>
                <InlineText inlines={item} run={run} />
              </li>
            ))}
          </ul>
        ) : (
          <pre key={i}>{b.text}</pre>
        ),
      )}
    </div>
  );
}

/** Inline markdown; code spans that are commands become buttons when `run` is given. */
function InlineText({ inlines, run }: { inlines: Inline[]; run: ((command: string) => void) | null }) {
  return (
    <>
      {inlines.map((n, i) => {
        if (n.type === 'text') return n.text ? <span key={i}>{n.text}</span> : null;
        if (n.type === 'strong') return <strong key={i}>{n.text}</strong>;
        if (n.runnable && run)
          return (
            <button key={i} className="cmd inline" title="Run in the terminal" onClick={() => run(n.text)}>
              {n.text}
            </button>
          );
        return <code key={i}>{n.text}</code>;
      })}
    </>
  );
}
