import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Command } from 'cmdk';
import { useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { useLocation } from 'wouter';
import { modelPath } from '../../app/routes';
import { SECTIONS } from '../../app/sections';
import { isApplePlatform, shortcutHelp } from '../../app/shortcuts';
import { useAppearanceStore, type ThemeChoice } from '../settings/appearance-store';
import { ALL_MODELS_INPUT, modelListQuery } from '../models/queries';
import { Icon } from '../../ui/Icon';
import { matchesText, searchModels } from './palette-search';
import { usePaletteStore } from './palette-store';
import { CONNECTIONS_PATH, NEW_CONNECTION_PATH } from '../connections/labels';
import { ALL_CONNECTIONS, useSyncStore } from '../connections/sync-store';

const MODEL_RESULTS = 30;

/**
 * Ctrl/Cmd+K. A native modal <dialog> (focus trap, Escape, inert background) around cmdk's
 * list; cmdk's own Dialog is not used because it injects <style> elements the CSP forbids.
 */
export function CommandPalette() {
  const open = usePaletteStore((state) => state.open);
  const setOpen = usePaletteStore((state) => state.setOpen);
  const dialogRef = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // Without an autofocus attribute, showModal may focus the dialog itself; typing belongs in the search.
      dialog.querySelector<HTMLInputElement>('[cmdk-input]')?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  function closeOnBackdrop(event: MouseEvent<HTMLDialogElement>): void {
    if (event.target === event.currentTarget) setOpen(false);
  }

  return (
    <dialog ref={dialogRef} className="palette" aria-label="Command palette" onClose={() => setOpen(false)} onClick={closeOnBackdrop}>
      {open && <PaletteContent close={() => setOpen(false)} />}
    </dialog>
  );
}

function PaletteContent({ close }: { close: () => void }) {
  const [search, setSearch] = useState('');
  const [, navigate] = useLocation();
  const setTheme = useAppearanceStore((state) => state.setTheme);
  const models = useQuery(modelListQuery(ALL_MODELS_INPUT));
  const apple = isApplePlatform();

  const sections = SECTIONS.filter((section) => matchesText(`Go to ${section.label}`, search));
  const matchingModels = useMemo(() => searchModels(models.data?.items ?? [], search, MODEL_RESULTS), [models.data, search]);
  const themes = (
    [
      ['system', 'Theme: follow the system'],
      ['light', 'Theme: light'],
      ['dark', 'Theme: dark'],
    ] as const satisfies readonly (readonly [ThemeChoice, string])[]
  ).filter(([, label]) => matchesText(label, search));
  const startSync = useSyncStore((state) => state.start);
  const queryClient = useQueryClient();
  const connectionCommands = (
    [
      ['sync', 'Sync all connections now', 'activity'],
      ['add', 'Add a connection (MLflow or Prometheus)', 'plug'],
      ['list', 'Manage connections', 'settings'],
    ] as const
  ).filter(([, label]) => matchesText(label, search));
  const shortcuts = shortcutHelp(apple).filter((shortcut) => matchesText(`${shortcut.description} ${shortcut.keys.join(' ')}`, search));

  function go(path: string): void {
    close();
    navigate(path);
  }

  return (
    <Command label="Command palette" shouldFilter={false} loop className="palette__command">
      <div className="palette__input-row">
        <Icon name="search" />
        <Command.Input value={search} onValueChange={setSearch} placeholder="Jump to a section or model, or type a command…" />
        <kbd className="kbd">Esc</kbd>
      </div>
      <Command.List className="palette__list">
        <Command.Empty className="palette__empty">Nothing matches “{search}”. Try a model name or a section.</Command.Empty>
        {sections.length > 0 && (
          <Command.Group heading="Go to">
            {sections.map((section) => (
              <Command.Item key={section.id} value={`section ${section.id}`} onSelect={() => go(section.path)}>
                <Icon name={section.icon} />
                <span className="palette__item-label">{section.label}</span>
                <span className="palette__keys">
                  <kbd className="kbd">g</kbd>
                  <kbd className="kbd">{section.shortcut}</kbd>
                </span>
              </Command.Item>
            ))}
          </Command.Group>
        )}
        {matchingModels.length > 0 && (
          <Command.Group heading={search.trim() ? 'Models' : 'Models (type to search)'}>
            {matchingModels.map((model) => (
              <Command.Item
                key={`${model.connection}/${model.name}`}
                value={`model ${model.connection} ${model.name}`}
                onSelect={() => go(modelPath(model.connection, model.name))}
              >
                <Icon name="box" />
                <span className="palette__item-label">{model.name}</span>
                <span className="palette__item-meta">
                  {model.connection}
                  {model.team ? ` · ${model.team}` : ''}
                </span>
              </Command.Item>
            ))}
          </Command.Group>
        )}
        {connectionCommands.length > 0 && (
          <Command.Group heading="Connections">
            {connectionCommands.map(([id, label, icon]) => (
              <Command.Item
                key={id}
                value={`connections ${id}`}
                onSelect={() => {
                  if (id === 'sync') {
                    // The sync runs in the background; its progress shows on the Connections screen and in the top bar.
                    startSync(ALL_CONNECTIONS, queryClient);
                    go(CONNECTIONS_PATH);
                  } else go(id === 'add' ? NEW_CONNECTION_PATH : CONNECTIONS_PATH);
                }}
              >
                <Icon name={icon} />
                <span className="palette__item-label">{label}</span>
              </Command.Item>
            ))}
          </Command.Group>
        )}
        {themes.length > 0 && (
          <Command.Group heading="Appearance">
            {themes.map(([theme, label]) => (
              <Command.Item
                key={theme}
                value={`theme ${theme}`}
                onSelect={() => {
                  setTheme(theme);
                  close();
                }}
              >
                <Icon name={theme === 'dark' ? 'moon' : theme === 'light' ? 'sun' : 'monitor'} />
                <span className="palette__item-label">{label}</span>
              </Command.Item>
            ))}
          </Command.Group>
        )}
        {shortcuts.length > 0 && (
          <Command.Group heading="Keyboard shortcuts">
            {shortcuts.map((shortcut) => (
              <Command.Item key={shortcut.description} value={`shortcut ${shortcut.description}`} disabled>
                <Icon name="keyboard" />
                <span className="palette__item-label">{shortcut.description}</span>
                <span className="palette__keys">
                  {shortcut.keys.map((key) => (
                    <kbd key={key} className="kbd">
                      {key}
                    </kbd>
                  ))}
                </span>
              </Command.Item>
            ))}
          </Command.Group>
        )}
      </Command.List>
      <p className="palette__footer">
        <kbd className="kbd">↑</kbd> <kbd className="kbd">↓</kbd> to move, <kbd className="kbd">Enter</kbd> to open
      </p>
    </Command>
  );
}
