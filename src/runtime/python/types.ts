/** The private first argument of `phicode --python-channel KIND` (see channel.ts): the `phicode` Python package's converter. */
export const CHANNEL_FLAG = '--python-channel'
