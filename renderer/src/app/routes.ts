// The addresses live in shared/ because the core links to them too (notifications open a screen).
export * from '@shared/routes';
