import { useRef, useState } from 'react';
import { explainProblem } from '../../../lib/problems';
import { formatBytes, precheck, uploadFile, type StoredFile, type Usage } from '../api/files';

interface Item {
  key: string;
  name: string;
  size: number;
  percent: number;
  state: 'refused' | 'sending' | 'stored' | 'failed';
  message: string | null;
}

/**
 * Drag-and-drop (or pick) upload: each file is checked against the tenant's limits before a byte
 * is sent, then sent on its own with its own progress bar; one refused file never stops the rest.
 */
export function UploadZone({ usage, onStored }: { usage: Usage | null; onStored: (f: StoredFile) => void }) {
  const [items, setItems] = useState<Item[]>([]);
  const [tags, setTags] = useState('');
  const [over, setOver] = useState(false);
  const picker = useRef<HTMLInputElement>(null);

  const update = (key: string, change: Partial<Item>) => setItems((all) => all.map((i) => (i.key === key ? { ...i, ...change } : i)));

  const take = (files: File[]) => {
    const tagList = tags
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    let queued = 0;
    const batch = files.map((f, n) => {
      const refused = precheck(f, usage, queued);
      if (!refused) queued += f.size;
      return { file: f, item: { key: `${Date.now()}-${n}-${f.name}`, name: f.name, size: f.size, percent: 0, state: refused ? 'refused' : 'sending', message: refused } as Item };
    });
    setItems((all) => [...batch.map((b) => b.item), ...all]);
    for (const { file, item } of batch) {
      if (item.state === 'refused') continue;
      uploadFile(file, tagList, (percent) => update(item.key, { percent }))
        .then((stored) => {
          update(item.key, { state: 'stored', percent: 100, message: stored.dlp?.findings.length ? `Stored — sensitive data found: ${stored.dlp.findings.map((d) => d.pattern).join(', ')}` : 'Stored' });
          onStored(stored);
        })
        .catch((x) => update(item.key, { state: 'failed', message: explainProblem(x) }));
    }
  };

  return (
    <div aria-label="upload files">
      <div
        className={`dropzone${over ? ' over' : ''}`}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          take(Array.from(e.dataTransfer.files));
        }}
      >
        <p>
          Drop files here or{' '}
          <button type="button" className="link" onClick={() => picker.current?.click()}>
            choose files
          </button>
          .
        </p>
        {usage && (
          <p className="muted" data-testid="limits">
            Up to {formatBytes(usage.maxUploadBytes)} a file · {formatBytes(usage.usedBytes)} of {formatBytes(usage.quotaBytes)} used
          </p>
        )}
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          aria-label="files to upload"
          onChange={(e) => {
            take(Array.from(e.target.files ?? []));
            e.target.value = '';
          }}
        />
      </div>
      <label className="inline">
        Tags for these uploads
        <input value={tags} onChange={(e) => setTags(e.target.value)} placeholder="evidence, case-42" />
      </label>
      {items.length > 0 && (
        <ul className="upload-list" aria-label="uploads">
          {items.map((i) => (
            <li key={i.key} data-state={i.state}>
              <span>
                {i.name} ({formatBytes(i.size)})
              </span>{' '}
              {i.state === 'sending' && <progress aria-label={`uploading ${i.name}`} max={100} value={i.percent} />}
              {i.message && <span className={i.state === 'refused' || i.state === 'failed' ? 'error-text' : 'muted'}>{i.message}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
