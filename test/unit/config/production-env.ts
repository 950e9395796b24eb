/** A production environment that starts: every secret its own, nothing left on a development default. */
export const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://connections:Vq7-Lr2_Kx9mPz4Wb1@127.0.0.1:5432/connections',
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
  TEMPORAL_NAMESPACE: 'default',
  TEMPORAL_TASK_QUEUE: 'connections',
  ADMIN_TOKEN: 'Zq8-uM3r_Yp2xK7vB1nW4cT9hL6sD0fGjA5e',
  TOKEN_ENCRYPTION_KEY: Buffer.from('0123456789abcdefghijklmnopqrstuv').toString('base64'),
  TOKEN_ENCRYPTION_KEY_ID: 'k1',
  OAUTH_STATE_SECRET: 'p4Lr9Wc2Qm7Xv1Bn8Ks3Hd6Jt0Fy5Gz_Ae-',
  GOOGLE_CLIENT_ID: 'client.apps.example',
  GOOGLE_CLIENT_SECRET: 'GOCSPX-k2Jm9Pq4Wx7Rz1Tb',
  PUBLIC_URL: 'https://connections.example',
  METRICS_TOKEN: 'Hk4-pW9z_Lm2Qx7Rt1Bv5Nc8',
};
