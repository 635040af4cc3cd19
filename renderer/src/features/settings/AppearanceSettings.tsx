import { Icon, type IconName } from '../../ui/Icon';
import { useAppearanceStore, type ThemeChoice } from './appearance-store';

const OPTIONS: readonly { value: ThemeChoice; label: string; hint: string; icon: IconName }[] = [
  { value: 'system', label: 'Follow the system', hint: 'Light or dark as your operating system is set.', icon: 'monitor' },
  { value: 'light', label: 'Light', hint: 'Always light.', icon: 'sun' },
  { value: 'dark', label: 'Dark', hint: 'Always dark.', icon: 'moon' },
];

export function AppearanceSettings() {
  const theme = useAppearanceStore((state) => state.theme);
  const setTheme = useAppearanceStore((state) => state.setTheme);
  return (
    <section className="panel" aria-labelledby="settings-appearance">
      <h2 id="settings-appearance">Appearance</h2>
      <fieldset className="choice-group">
        <legend>Theme</legend>
        {OPTIONS.map((option) => (
          <label key={option.value} className="choice">
            <input
              type="radio"
              name="theme"
              value={option.value}
              checked={theme === option.value}
              onChange={() => setTheme(option.value)}
            />
            <Icon name={option.icon} />
            <span className="choice__text">
              <span className="choice__label">{option.label}</span>
              <span className="choice__hint">{option.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <p className="panel__note">Kept on this machine only. Text follows your system’s font size.</p>
    </section>
  );
}
