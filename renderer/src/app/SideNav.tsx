import { Link, useLocation } from 'wouter';
import { Icon } from '../ui/Icon';
import { SECTIONS, sectionOf } from './sections';

export function SideNav() {
  const [location] = useLocation();
  const current = sectionOf(location);
  return (
    <nav className="sidenav" aria-label="Sections">
      <ul>
        {SECTIONS.map((section) => (
          <li key={section.id}>
            <Link
              href={section.path}
              className="sidenav__link"
              aria-current={current?.id === section.id ? 'page' : undefined}
              aria-keyshortcuts={`g ${section.shortcut}`}
            >
              <Icon name={section.icon} />
              <span>{section.label}</span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
