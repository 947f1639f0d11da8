/** Public API of this library; filled by its capability issue. */
export {};
